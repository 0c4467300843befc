using MessagePack;

namespace NextGpt.Realtime.Contracts.Turns;

/// <summary>The server's answer once an upload stream completed and the medium decoded.</summary>
[MessagePackObject]
public sealed class UploadReceipt
{
    /// <summary>The id a <see cref="TurnRequest"/> names the input by.</summary>
    [Key(0)] public string UploadId { get; set; } = "";

    [Key(1)] public long ReceivedBytes { get; set; }
}
