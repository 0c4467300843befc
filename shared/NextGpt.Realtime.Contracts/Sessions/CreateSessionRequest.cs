using MessagePack;

namespace NextGpt.Realtime.Contracts.Sessions;

/// <summary>Opens an NPC session. Several players join the same session through its group.</summary>
[MessagePackObject]
public sealed class CreateSessionRequest
{
    [Key(0)] public Persona Persona { get; set; } = new();

    [Key(1)] public SessionSettings Settings { get; set; } = new();

    /// <summary>The calling player's id, used to attribute inputs in multiplayer sessions.</summary>
    [Key(2)] public string PlayerId { get; set; } = "";
}
