using NextGpt.Realtime.Training.Pretraining.Image;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

public sealed class StepSplitTests
{
    [Fact]
    public void Each_part_keeps_its_share_and_at_least_one_step()
    {
        Assert.Equal([2000L, 1500, 4000], StepSplit.Of(null, [2000, 1500, 4000]));
        Assert.Equal([24L, 12, 24], StepSplit.Of(60, [8, 4, 8]));
        Assert.Equal([1L, 1, 1], StepSplit.Of(1, [8, 4, 8]));
        Assert.Equal((24L, 24L), StepSplit.Of(48, 8, 8));
    }
}
