namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>How <c>--steps N</c> scales a two-part stage: each part keeps its share of the preset's steps (at least one).</summary>
public static class StepSplit
{
    public static (long First, long Second) Of(long? steps, long first, long second)
    {
        if (steps is not { } total)
        {
            return (first, second);
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        var share = (double)first / (first + second);
        var scaledFirst = Math.Max(1, (long)Math.Round(total * share));
        return (scaledFirst, Math.Max(1, total - scaledFirst));
    }
}
