namespace NextGpt.Realtime.Server.Uploads;

/// <summary>Limits on uploaded input media (configuration section <c>Uploads</c>).</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    public long MaxImageBytes { get; set; } = 8L << 20;

    public long MaxAudioBytes { get; set; } = 16L << 20;

    /// <summary>Uploads a session may hold that no turn has used yet.</summary>
    public int MaxPendingPerSession { get; set; } = 16;
}
