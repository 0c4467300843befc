using MessagePack;

namespace NextGpt.Realtime.Contracts.Sessions;

/// <summary>A session as the server holds it.</summary>
[MessagePackObject]
public sealed class SessionInfo
{
    /// <summary>Opaque id; also the SignalR group spectators and other players join.</summary>
    [Key(0)] public string SessionId { get; set; } = "";

    [Key(1)] public Persona Persona { get; set; } = new();

    [Key(2)] public SessionSettings Settings { get; set; } = new();

    /// <summary>Completed turns so far.</summary>
    [Key(3)] public int TurnCount { get; set; }
}
