using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>A decoder started on a medium (its signal-token span is complete); its events carry this part id.</summary>
[MessagePackObject]
public sealed class MediaStarted : TurnEvent
{
    [Key(3)] public Modality Modality { get; set; }

    /// <summary>Image or frame width in pixels (0 for audio).</summary>
    [Key(4)] public int Width { get; set; }

    /// <summary>Image or frame height in pixels (0 for audio).</summary>
    [Key(5)] public int Height { get; set; }

    /// <summary>Frames a clip will have (0 otherwise).</summary>
    [Key(6)] public int FrameCount { get; set; }

    /// <summary>Frames per second of a clip, or samples per second of audio (16000).</summary>
    [Key(7)] public int Rate { get; set; }
}
