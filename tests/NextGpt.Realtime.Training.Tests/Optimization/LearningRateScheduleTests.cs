using NextGpt.Realtime.Training.Optimization;

namespace NextGpt.Realtime.Training.Tests.Optimization;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Warmup_decay_follows_deepspeed_warmup_decay_lr()
    {
        // 100 steps: warm-up max(10, 10) steps, gamma = log(step+1)/log(10), then linear decay over the other 90.
        var schedule = new WarmupDecaySchedule(maxLr: 5e-4, totalSteps: 100);
        Assert.Equal(0, schedule.At(0), 12);
        Assert.Equal(5e-4 * Math.Log(5) / Math.Log(10), schedule.At(4), 12);
        Assert.Equal(5e-4, schedule.At(9), 12);
        Assert.Equal(5e-4, schedule.At(10), 12);
        Assert.Equal(5e-4 * 45 / 90, schedule.At(55), 12);
        Assert.Equal(0, schedule.At(100), 12);
    }

    [Fact]
    public void Cosine_warms_up_linearly_then_halves_at_the_middle()
    {
        var schedule = new WarmupCosineSchedule(maxLr: 1e-3, totalSteps: 1000, warmupRatio: 0.1);
        Assert.Equal(0, schedule.At(0), 12);
        Assert.Equal(0.5e-3, schedule.At(50), 12);
        Assert.Equal(1e-3, schedule.At(100), 12);
        Assert.Equal(0.5e-3, schedule.At(550), 9);
        Assert.Equal(0, schedule.At(1000), 12);
    }
}
