using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>A turn event and when it arrived, measured from the start of its recording.</summary>
public sealed record TimedTurnEvent(TimeSpan At, TurnEvent Event);
