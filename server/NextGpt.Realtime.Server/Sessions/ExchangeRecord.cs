namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// One finished exchange in a session's history: who spoke, what they said and uploaded, and what the NPC replied with,
/// text and media, as far as the players actually heard and saw it (a playback report after a barge-in truncates it).
/// </summary>
/// <param name="InputUploadIds">References to the uploads the player sent with the turn.</param>
/// <param name="OutputParts">The media parts the NPC produced (part id and kind), kept while the players saw them.</param>
public sealed record ExchangeRecord(
    string TurnId,
    string PlayerId,
    string UserText,
    string ReplyText,
    IReadOnlyList<string> InputUploadIds,
    IReadOnlyList<MediaPartRecord> OutputParts,
    bool Cancelled);

/// <summary>A generated medium in the history: its part id within the turn and its kind.</summary>
public sealed record MediaPartRecord(int PartId, Contracts.Primitives.Modality Modality);
