using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

public sealed class TokenSamplerTests
{
    public TokenSamplerTests() => TorchRuntime.Initialize();

    [Fact]
    public void TopK_KeepsTheKLargest()
    {
        using var scope = NewDisposeScope();
        var scores = tensor(new float[] { 1, 5, 3, 4, 2 }).unsqueeze(0);

        var kept = TokenSampler.Filter(scores, topK: 2, topP: 1.0)[0].isfinite().data<bool>().ToArray();

        Assert.Equal([false, true, false, true, false], kept);
    }

    [Fact]
    public void TopP_KeepsTheSmallestNucleusReachingP()
    {
        using var scope = NewDisposeScope();
        // Probabilities 0.5, 0.3, 0.15, 0.05: a nucleus of 0.75 needs the first two.
        var scores = tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }).log().unsqueeze(0);

        var kept = TokenSampler.Filter(scores, topK: 0, topP: 0.75)[0].isfinite().data<bool>().ToArray();

        Assert.Equal([true, true, false, false], kept);
    }

    [Fact]
    public void TopP_AlwaysKeepsTheMostLikelyToken()
    {
        using var scope = NewDisposeScope();
        var scores = tensor(new[] { 0.9f, 0.1f }).log().unsqueeze(0);

        var kept = TokenSampler.Filter(scores, topK: 0, topP: 0.01)[0].isfinite().data<bool>().ToArray();

        Assert.Equal([true, false], kept);
    }

    [Fact]
    public void RepetitionPenalty_DividesPositiveAndMultipliesNegativeScores()
    {
        using var scope = NewDisposeScope();
        // Token 0 leads (3.0) but was seen: 3.0 / 2 = 1.5 < 2.0, so token 1 wins; token 2 (-1) seen becomes -2.
        var scores = tensor(new float[] { 3.0f, 2.0f, -1.0f }).unsqueeze(0);
        var sampler = new TokenSampler(new SamplingOptions(RepetitionPenalty: 2.0));

        Assert.Equal([1L], sampler.Sample(scores, [[0L, 2L]]));
        Assert.Equal([0L], sampler.Sample(scores, [[]]));
    }

    [Theory]
    [InlineData(-1.0, 0, 1.0, 1.0)]
    [InlineData(1.0, -3, 1.0, 1.0)]
    [InlineData(1.0, 0, 0.0, 1.0)]
    [InlineData(1.0, 0, 1.5, 1.0)]
    [InlineData(1.0, 0, 1.0, 0.0)]
    public void InvalidOptions_AreRefused(double temperature, int topK, double topP, double penalty)
    {
        Assert.Throws<ArgumentException>(() => new TokenSampler(new SamplingOptions(temperature, topK, topP, penalty)));
    }
}
