using MessagePack;

namespace NextGpt.Realtime.Contracts.Turns;

/// <summary>
/// Barge-in truncation: after a cancelled turn the client says how much the player actually heard and saw, so the
/// conversation history keeps only that part of the NPC's reply.
/// </summary>
[MessagePackObject]
public sealed class PlaybackReport
{
    [Key(0)] public string SessionId { get; set; } = "";

    [Key(1)] public string TurnId { get; set; } = "";

    /// <summary>Characters of the reply text the player saw or heard.</summary>
    [Key(2)] public int TextCharactersShown { get; set; }

    /// <summary>Part ids of media the player saw or heard in full.</summary>
    [Key(3)] public int[] CompletedPartIds { get; set; } = [];
}
