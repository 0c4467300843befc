using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>The turn left the queue and the model started on it.</summary>
[MessagePackObject]
public sealed class TurnStarted : TurnEvent
{
    [Key(3)] public string SessionId { get; set; } = "";

    /// <summary>Milliseconds the turn waited in the queue.</summary>
    [Key(4)] public double QueueMilliseconds { get; set; }
}
