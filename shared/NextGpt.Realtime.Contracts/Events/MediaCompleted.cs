using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>A medium is complete: no more events for this part.</summary>
[MessagePackObject]
public sealed class MediaCompleted : TurnEvent
{
    [Key(3)] public Modality Modality { get; set; }

    /// <summary>Milliseconds from the medium's start to its last piece.</summary>
    [Key(4)] public double Milliseconds { get; set; }
}
