namespace NextGpt.Realtime.Training.Optimization;

/// <summary>
/// Linear warm-up then cosine decay to zero, as transformers' <c>get_cosine_schedule_with_warmup</c> (the newer
/// NExT-GPT scripts: warmup_ratio 0.03, lr_scheduler_type cosine).
/// </summary>
public sealed class WarmupCosineSchedule : ILearningRateSchedule
{
    private readonly double _maxLr;
    private readonly long _warmupSteps;
    private readonly long _totalSteps;

    public WarmupCosineSchedule(double maxLr, long totalSteps, double warmupRatio = 0.03)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        _maxLr = maxLr;
        _totalSteps = totalSteps;
        _warmupSteps = (long)Math.Ceiling(totalSteps * warmupRatio);
    }

    public double At(long step)
    {
        if (step < _warmupSteps)
        {
            return _maxLr * step / Math.Max(1, _warmupSteps);
        }

        var progress = (double)(step - _warmupSteps) / Math.Max(1, _totalSteps - _warmupSteps);
        return _maxLr * Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }
}
