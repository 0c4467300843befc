using System.Collections.Generic;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Client.Agents;

public enum TurnStatus
{
    Completed,
    Cancelled,
    Failed,
}

/// <summary>How a turn ended and everything it produced.</summary>
public sealed class TurnResult
{
    internal TurnResult(string turnId, TurnStatus status, string text, string receivedText, IReadOnlyList<GeneratedMedia> media,
        TurnCompleted? completed, TurnFailed? failed, long sequenceGaps)
    {
        TurnId = turnId;
        Status = status;
        Text = text;
        ReceivedText = receivedText;
        Media = media;
        Completed = completed;
        Failed = failed;
        SequenceGaps = sequenceGaps;
    }

    /// <summary>The server's turn id; empty when the turn failed before the server started it.</summary>
    public string TurnId { get; }

    public TurnStatus Status { get; }

    /// <summary>The reply as it stands in the history: all of it, or what the player was shown before a barge-in.</summary>
    public string Text { get; }

    /// <summary>Every character of reply text that arrived.</summary>
    public string ReceivedText { get; }

    public IReadOnlyList<GeneratedMedia> Media { get; }

    /// <summary>The server's closing event with token counts and stage timings (null when the turn failed).</summary>
    public TurnCompleted? Completed { get; }

    public TurnFailed? Failed { get; }

    public ErrorCode? ErrorCode => Failed?.Code;

    /// <summary>Events missing from the sequence (0 on a healthy link).</summary>
    public long SequenceGaps { get; }

    public override string ToString() => Status == TurnStatus.Failed ? $"{Status}: {Failed?.Code} {Failed?.Message}" : $"{Status}: {Text}";
}
