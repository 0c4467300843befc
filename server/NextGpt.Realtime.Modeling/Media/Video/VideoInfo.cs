namespace NextGpt.Realtime.Modeling.Media.Video;

/// <summary>What ffprobe says about a file's first video stream: frame size, frame count, average frame rate.</summary>
public sealed record VideoInfo(int Width, int Height, long FrameCount, double FramesPerSecond)
{
    /// <summary>frames / fps, as decord's (and so ImageBind's) <c>EncodedVideo.duration</c>.</summary>
    public double DurationSeconds => FrameCount / FramesPerSecond;
}
