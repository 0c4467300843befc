using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;

/// <summary>Elementwise comparison against reference tensors, reporting the largest difference.</summary>
internal static class DiffusionAssert
{
    public const double Tolerance = 1e-4;

    public static void Close(Tensor expected, Tensor actual, double tolerance = Tolerance, string what = "")
    {
        Assert.Equal(expected.shape, actual.shape);
        using var difference = (expected.to_type(ScalarType.Float64) - actual.cpu().to_type(ScalarType.Float64)).abs().max();
        var max = difference.ToDouble();
        Assert.True(max < tolerance, $"{what} max |expected - actual| = {max} (tolerance {tolerance})");
    }
}
