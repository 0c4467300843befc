using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>A cheap preview of an image while it is denoised. A slow client may miss some: the latest one wins.</summary>
[MessagePackObject]
public sealed class ImagePreview : TurnEvent
{
    /// <summary>The denoising step the preview was taken at (1-based).</summary>
    [Key(3)] public int Step { get; set; }

    [Key(4)] public int TotalSteps { get; set; }

    /// <summary>PNG bytes.</summary>
    [Key(5)] public byte[] Png { get; set; } = [];
}
