namespace NextGpt.Realtime.Contracts.Primitives;

/// <summary>How the bytes of an uploaded input or a generated part are encoded.</summary>
public enum MediaFormat
{
    /// <summary>PNG image.</summary>
    Png = 0,

    /// <summary>JPEG image.</summary>
    Jpeg = 1,

    /// <summary>RIFF WAV audio.</summary>
    Wav = 2,

    /// <summary>Signed 16-bit little-endian PCM, 16 kHz, mono, no header.</summary>
    Pcm16 = 3,

    /// <summary>MP4 video (H.264).</summary>
    Mp4 = 4,

    /// <summary>Any other container ffmpeg can read (WebM, OGG, MP3...).</summary>
    Other = 5,
}
