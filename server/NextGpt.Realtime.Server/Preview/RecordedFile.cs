namespace NextGpt.Realtime.Server.Preview;

/// <summary>A finished recording on disk: an MP4 with the pictures as H.264 video, the audio as AAC and the text as captions.</summary>
public sealed record RecordedFile(string Id, string SessionId, string Path, long Bytes, TimeSpan Duration, bool HasAudio, bool HasCaptions, bool Truncated);
