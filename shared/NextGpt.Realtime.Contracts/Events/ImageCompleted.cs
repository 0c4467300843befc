using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>The final image of a part.</summary>
[MessagePackObject]
public sealed class ImageCompleted : TurnEvent
{
    /// <summary>PNG bytes.</summary>
    [Key(3)] public byte[] Png { get; set; } = [];

    /// <summary>Seed the image was generated with (reproducible).</summary>
    [Key(4)] public long Seed { get; set; }
}
