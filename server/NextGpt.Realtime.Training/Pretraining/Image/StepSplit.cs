namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>How <c>--steps N</c> scales a stage of several parts: each part keeps its share of the preset's steps (at least one).</summary>
public static class StepSplit
{
    public static (long First, long Second) Of(long? steps, long first, long second)
    {
        var parts = Of(steps, [first, second]);
        return (parts[0], parts[1]);
    }

    public static long[] Of(long? steps, IReadOnlyList<long> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (steps is not { } total)
        {
            return [.. parts];
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        var sum = (double)parts.Sum();
        var scaled = new long[parts.Count];
        var given = 0L;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            scaled[i] = Math.Max(1, (long)Math.Round(total * (parts[i] / sum)));
            given += scaled[i];
        }

        scaled[^1] = Math.Max(1, total - given);
        return scaled;
    }
}
