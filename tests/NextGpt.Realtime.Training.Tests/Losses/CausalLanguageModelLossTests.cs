using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Training.Losses;

namespace NextGpt.Realtime.Training.Tests.Losses;

public sealed class CausalLanguageModelLossTests
{
    [Fact]
    public void Shifted_cross_entropy_ignoring_minus_100_matches_pytorch()
    {
        var reference = SafeTensorsFile.Load(Fixtures.PathOf("training", "causal_lm_loss.safetensors"));
        var loss = CausalLanguageModelLoss.Compute(reference["logits"], reference["labels"]);
        Assert.Equal(reference["loss"].item<float>(), loss.item<float>(), 5);
    }
}
