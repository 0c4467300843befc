using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;

/// <summary>
/// Elementwise comparison against reference tensors. The tolerance is absolute for unit-scale tensors and relative to the
/// largest reference value beyond that (Euler's samples start at sigma_max ~ 15-160, where float32 spacing alone is ~1e-5).
/// </summary>
internal static class DiffusionAssert
{
    public const double Tolerance = 1e-4;

    public static void Close(Tensor expected, Tensor actual, double tolerance = Tolerance, string what = "")
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var reference = expected.to_type(ScalarType.Float64);
        var max = (reference - actual.cpu().to_type(ScalarType.Float64)).abs().max().ToDouble();
        var allowed = tolerance * Math.Max(1.0, reference.abs().max().ToDouble());
        Assert.True(max < allowed, $"{what} max |expected - actual| = {max} (allowed {allowed})");
    }
}
