using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>Why a request was not accepted: the wire's error code, a message for people, and a retry hint (ms, 0: none).</summary>
public sealed record TurnRefusal(ErrorCode Code, string Message, int RetryAfterMilliseconds = 0);
