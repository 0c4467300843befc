namespace NextGpt.Realtime.Server.Inference;

/// <summary>A turn's client stopped reading and its event buffer filled up.</summary>
public sealed class ClientTooSlowException() : Exception("The client did not read the turn's events fast enough; the turn was stopped.");
