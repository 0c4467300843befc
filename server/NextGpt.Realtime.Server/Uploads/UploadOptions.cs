namespace NextGpt.Realtime.Server.Uploads;

/// <summary>
/// Limits of uploaded inputs (configuration section <c>Uploads</c>). Defaults admit a 5 MB screenshot and 30 s of voice
/// (even as 48 kHz stereo WAV), sent as chunks of at most <see cref="MaxChunkBytes"/> each.
/// </summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>Largest chunk of an upload stream; SignalR's receive limit is set just above it.</summary>
    public int MaxChunkBytes { get; set; } = 64 * 1024;

    public long MaxImageBytes { get; set; } = 8L * 1024 * 1024;

    public long MaxImagePixels { get; set; } = 4096L * 4096;

    public long MaxAudioBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Longest sound (30 s of voice, with a little slack for encoders' padding).</summary>
    public double MaxAudioSeconds { get; set; } = 30.5;

    public long MaxVideoBytes { get; set; } = 32L * 1024 * 1024;

    public double MaxVideoSeconds { get; set; } = 10;

    /// <summary>Longest time one upload may take from its header to its last chunk (a streamed voice upload lasts as long
    /// as the player speaks, so this sits well above the longest allowed utterance).</summary>
    public double MaxUploadSeconds { get; set; } = 120;
}
