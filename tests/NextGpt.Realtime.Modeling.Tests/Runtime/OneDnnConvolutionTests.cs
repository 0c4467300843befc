using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Runtime;

/// <summary>
/// libtorch 2.10's oneDNN float32 convolution returns wrong values on this project's CPUs for batch &gt;= 2 and input
/// widths above 16 that are not multiples of 16 (OneDnnConvolutions); TorchRuntime.Initialize probes for that and turns
/// oneDNN off. A batched convolution must then equal the same convolution run one sample at a time and in float64.
/// </summary>
public sealed class OneDnnConvolutionTests
{
    public OneDnnConvolutionTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(24)]
    [InlineData(40)]
    [InlineData(12)]
    public void BatchedConvolution_EqualsPerSampleAndFloat64(int channels)
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(channels, channels, 3, padding: 1);
        using var generator = new Generator(5, CPU);
        var input = randn(2, channels, 8, 8, generator: generator);
        using var noGrad = no_grad();
        var batched = conv.forward(input);
        var single = conv.forward(input.narrow(0, 1, 1));
        var exact = nn.functional.conv2d(input.to_type(ScalarType.Float64), conv.weight!.to_type(ScalarType.Float64),
            conv.bias!.to_type(ScalarType.Float64), padding: [1, 1]);

        Assert.True((batched[1] - single[0]).abs().max().ToDouble() < 1e-5);
        Assert.True((batched.to_type(ScalarType.Float64) - exact).abs().max().ToDouble() < 1e-5);
    }

    [Fact]
    public void AfterInitialize_TheStartUpProbeFindsNoFault()
    {
        Assert.NotNull(OneDnnConvolutions.IsEnabled);
        Assert.False(OneDnnConvolutions.ConvolutionsAreWrong());
    }
}
