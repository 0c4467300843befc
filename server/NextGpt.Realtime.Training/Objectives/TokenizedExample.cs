namespace NextGpt.Realtime.Training.Objectives;

/// <summary>One training sequence: its token ids and, per position, the id to learn or -100 for positions not learned.</summary>
public sealed record TokenizedExample(long[] InputIds, long[] Labels)
{
    /// <summary>A sequence learned in full (language-model pretraining).</summary>
    public static TokenizedExample Full(long[] ids) => new(ids, ids);
}
