using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>
/// One event of a turn's single ordered stream. On the wire a union: <c>[tag, [turnId, partId, sequence, ...fields]]</c>
/// (docs/wire-protocol.md). Part 0 is the text; each generated medium gets the next part id. Sequence numbers count the
/// events of a turn from 0 without gaps, so a client can tell a dropped event from a late one.
/// </summary>
[Union(0, typeof(TurnStarted))]
[Union(1, typeof(TextDelta))]
[Union(2, typeof(MediaStarted))]
[Union(3, typeof(ImagePreview))]
[Union(4, typeof(ImageCompleted))]
[Union(5, typeof(AudioChunk))]
[Union(6, typeof(VideoFrame))]
[Union(7, typeof(MediaCompleted))]
[Union(8, typeof(TurnCompleted))]
[Union(9, typeof(TurnFailed))]
public abstract class TurnEvent
{
    /// <summary>The text part's id; media parts count up from 1.</summary>
    public const int TextPartId = 0;

    [Key(0)] public string TurnId { get; set; } = "";

    [Key(1)] public int PartId { get; set; }

    [Key(2)] public long Sequence { get; set; }
}
