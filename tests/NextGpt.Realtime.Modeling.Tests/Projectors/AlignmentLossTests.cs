using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Projectors;

/// <summary>NExT-GPT's l2_loss(u, v).mean(), against the fixture script's value and a hand-computed case.</summary>
public sealed class AlignmentLossTests
{
    public AlignmentLossTests() => TorchRuntime.Initialize();

    [Fact]
    public void L2_MatchesNextGptsL2LossMean()
    {
        using var scope = NewDisposeScope();
        var reference = SafeTensorsFile.Load(Fixtures.PathOf("projectors", "l2-loss.safetensors"));

        ProjectorAssert.Close(reference["loss"], AlignmentLoss.L2(reference["u"], reference["v"]), 1e-5);
    }

    [Fact]
    public void L2_IsTheMeanPerTokenEuclideanDistance()
    {
        using var scope = NewDisposeScope();
        // Two tokens at distances 5 (3-4-5) and 0: mean 2.5, where an MSE would give 25 / 4 = 6.25.
        var u = tensor(new float[] { 3, 4, 1, 1 }).view(1, 2, 2);
        var v = tensor(new float[] { 0, 0, 1, 1 }).view(1, 2, 2);

        Assert.Equal(2.5, AlignmentLoss.L2(u, v).ToDouble(), 6);
        Assert.Throws<ArgumentException>(() => AlignmentLoss.L2(u, zeros(1, 2, 3)));
    }
}
