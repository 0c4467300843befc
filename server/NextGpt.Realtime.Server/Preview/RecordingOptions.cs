namespace NextGpt.Realtime.Server.Preview;

/// <summary>Limits and places of stream recordings ("Recording" configuration section).</summary>
public sealed class RecordingOptions
{
    public const string Section = "Recording";

    /// <summary>Where finished MP4 files go; empty: a folder under the system temp folder.</summary>
    public string Folder { get; set; } = "";

    /// <summary>The folder holding ffmpeg and ffprobe; empty: found on PATH (Debian: /usr/bin).</summary>
    public string FfmpegFolder { get; set; } = "";

    /// <summary>Recordings running at once, server-wide (each holds its media in memory until it stops).</summary>
    public int MaxActive { get; set; } = 4;

    /// <summary>A recording stops taking events after this long; what it has is still written.</summary>
    public int MaxSeconds { get; set; } = 600;

    /// <summary>A recording stops taking events once its media hold this many bytes.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Finished files kept for download; the oldest is deleted when a new one would exceed this.</summary>
    public int MaxFiles { get; set; } = 16;

    /// <summary>The video track's frame rate (pictures are held until the next one arrives).</summary>
    public int FramesPerSecond { get; set; } = 25;
}
