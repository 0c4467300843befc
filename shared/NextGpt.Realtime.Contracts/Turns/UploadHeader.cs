using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Turns;

/// <summary>
/// Announces one input medium that follows as a client-to-server stream of byte chunks. Chunks keep every message under
/// SignalR's receive limit, so inputs of any allowed size (a 5 MB screenshot, 30 s of voice) travel safely.
/// </summary>
[MessagePackObject]
public sealed class UploadHeader
{
    [Key(0)] public string SessionId { get; set; } = "";

    /// <summary>Image, Audio or Video.</summary>
    [Key(1)] public Modality Modality { get; set; }

    [Key(2)] public MediaFormat Format { get; set; }

    /// <summary>
    /// The total byte count the client will send; the server refuses more, and fewer unless <see cref="Streamed"/>.
    /// For a streamed medium it is an upper bound, or 0 when the client cannot say (the server's limit applies).
    /// </summary>
    [Key(3)] public long TotalBytes { get; set; }

    /// <summary>Who sent it (multiplayer attribution).</summary>
    [Key(4)] public string PlayerId { get; set; } = "";

    /// <summary>
    /// True for a medium sent while it is being produced (voice uploaded as the player speaks): its length is not known
    /// up front, and the client's completion of the chunk stream ends it. False (the default, and what clients that
    /// predate this field send): exactly <see cref="TotalBytes"/> bytes follow.
    /// </summary>
    [Key(5)] public bool Streamed { get; set; }
}
