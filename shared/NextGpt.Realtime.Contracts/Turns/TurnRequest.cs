using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Turns;

/// <summary>One player turn: text plus any number of uploaded inputs. Answered by one ordered stream of turn events.</summary>
[MessagePackObject]
public sealed class TurnRequest
{
    [Key(0)] public string SessionId { get; set; } = "";

    /// <summary>What the player says or types.</summary>
    [Key(1)] public string Text { get; set; } = "";

    /// <summary>Ids from <see cref="UploadReceipt.UploadId"/> of images, sounds and clips that belong to this turn.</summary>
    [Key(2)] public string[] UploadIds { get; set; } = [];

    /// <summary>Who speaks (multiplayer attribution).</summary>
    [Key(3)] public string PlayerId { get; set; } = "";

    /// <summary>Restricts the outputs of this turn further than the session settings; empty: the session's.</summary>
    [Key(4)] public Modality[] AllowedOutputs { get; set; } = [];

    /// <summary>Media this turn must produce (a game asking for a skybox): the model's reply is completed with the
    /// medium's signal tokens if it did not emit them itself. Empty: whatever the model decides.</summary>
    [Key(5)] public Modality[] RequiredOutputs { get; set; } = [];
}
