namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>The media NExT-GPT generates, each announced by a run of signal tokens.</summary>
public enum GeneratedModality
{
    Image,
    Video,
    Audio,
}

/// <summary>
/// The signal-token ids of each generated modality, in order. <see cref="Legacy"/> is the released model's vocabulary
/// (architecture notes section 2.1): <c>[IMG0..3]</c> = 32002-32005, <c>[VID0..23]</c> = 32006-32029,
/// <c>[AUD0..7]</c> = 32030-32037.
/// </summary>
public sealed record SignalTokenSet(IReadOnlyList<long> Image, IReadOnlyList<long> Video, IReadOnlyList<long> Audio)
{
    public static SignalTokenSet Legacy { get; } = new(Range(32002, 4), Range(32006, 24), Range(32030, 8));

    public IReadOnlyList<long> IdsOf(GeneratedModality modality) => modality switch
    {
        GeneratedModality.Image => Image,
        GeneratedModality.Video => Video,
        GeneratedModality.Audio => Audio,
        _ => throw new ArgumentOutOfRangeException(nameof(modality)),
    };

    private static long[] Range(long first, int count) => [.. Enumerable.Range(0, count).Select(i => first + i)];
}
