namespace NextGpt.Realtime.Server.Preview;

/// <summary>The reply text as it read at <paramref name="At"/>, shown until the next caption.</summary>
public sealed record TimedCaption(TimeSpan At, string Text);
