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
    /// The total byte count the client will send; the server refuses more. For a medium streamed while it is recorded
    /// (voice sent as the player speaks) it is an upper bound and the stream may end earlier.
    /// </summary>
    [Key(3)] public long TotalBytes { get; set; }

    /// <summary>Who sent it (multiplayer attribution).</summary>
    [Key(4)] public string PlayerId { get; set; } = "";
}
