using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Initialize_LoadsLibTorchAndReportsItsVersion()
    {
        var info = TorchRuntime.Initialize();

        Assert.StartsWith("2.10", info.LibTorchVersion, StringComparison.Ordinal);
        Assert.True(info.CpuThreads >= 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScaledDotProductAttention_EqualsSoftmaxOfScaledScores(bool causal)
    {
        TorchRuntime.Initialize();
        using var scope = NewDisposeScope();
        var generator = new Generator(seed: 7);
        var q = randn(new long[] { 2, 3, 5, 8 }, generator: generator, dtype: ScalarType.Float64); // (B, heads, T, head_dim)
        var k = randn(new long[] { 2, 3, 5, 8 }, generator: generator, dtype: ScalarType.Float64);
        var v = randn(new long[] { 2, 3, 5, 8 }, generator: generator, dtype: ScalarType.Float64);

        var fused = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: causal);

        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(8); // (B, heads, T, T)
        if (causal)
        {
            var future = ones(5, 5, dtype: ScalarType.Bool).triu(1);
            scores = scores.masked_fill(future, double.NegativeInfinity);
        }

        var manual = scores.softmax(-1).matmul(v); // (B, heads, T, head_dim)
        Assert.True(fused.allclose(manual, rtol: 1e-10, atol: 1e-10),
            $"max |fused - manual| = {(fused - manual).abs().max().ToDouble()}");
    }

    [Fact]
    public void ChooseDevice_RejectsUnknownDeviceNames()
    {
        TorchRuntime.Initialize();

        Assert.Equal(DeviceType.CPU, TorchRuntime.ChooseDevice("cpu").type);
        Assert.Throws<ArgumentException>(() => TorchRuntime.ChooseDevice("tpu"));
    }
}
