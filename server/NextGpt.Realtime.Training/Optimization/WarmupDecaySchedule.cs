namespace NextGpt.Realtime.Training.Optimization;

/// <summary>
/// DeepSpeed's <c>WarmupDecayLR</c> as NExT-GPT's legacy stages use it (architecture notes section 6.2): a
/// logarithmic warm-up from <c>minLr</c> to <c>maxLr</c> over max(10, 10% of the steps), then a linear decay back to <c>minLr</c> at
/// the last step. DeepSpeed's warm-up gamma is log(step + 1) / log(warmup steps).
/// </summary>
public sealed class WarmupDecaySchedule : ILearningRateSchedule
{
    private readonly double _minLr;
    private readonly double _maxLr;
    private readonly long _warmupSteps;
    private readonly long _totalSteps;

    public WarmupDecaySchedule(double maxLr, long totalSteps, double minLr = 0, long? warmupSteps = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLr);
        _minLr = minLr;
        _maxLr = maxLr;
        _totalSteps = totalSteps;
        // DeepSpeed clamps the warm-up to at least 2 steps so that log(warmup) is not zero.
        _warmupSteps = Math.Max(2, warmupSteps ?? Math.Max(10, totalSteps / 10));
    }

    public double At(long step)
    {
        if (step < _warmupSteps)
        {
            return _minLr + ((_maxLr - _minLr) * Math.Log(step + 1) / Math.Log(_warmupSteps));
        }

        var remaining = Math.Max(0.0, (double)(_totalSteps - step) / Math.Max(1, _totalSteps - _warmupSteps));
        return _minLr + ((_maxLr - _minLr) * remaining);
    }
}
