using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>The last event of a turn that failed. The session stays usable.</summary>
[MessagePackObject]
public sealed class TurnFailed : TurnEvent
{
    [Key(3)] public ErrorCode Code { get; set; }

    [Key(4)] public string Message { get; set; } = "";

    /// <summary>For Busy and RateLimited: when a retry may succeed (0: no hint).</summary>
    [Key(5)] public int RetryAfterMilliseconds { get; set; }
}
