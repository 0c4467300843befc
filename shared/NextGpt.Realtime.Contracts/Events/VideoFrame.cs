using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>One decoded frame of a generated clip, delivered as soon as it is decoded.</summary>
[MessagePackObject]
public sealed class VideoFrame : TurnEvent
{
    [Key(3)] public int FrameIndex { get; set; }

    /// <summary>Presentation time from the clip's start.</summary>
    [Key(4)] public double TimestampMilliseconds { get; set; }

    /// <summary>PNG bytes.</summary>
    [Key(5)] public byte[] Png { get; set; } = [];
}
