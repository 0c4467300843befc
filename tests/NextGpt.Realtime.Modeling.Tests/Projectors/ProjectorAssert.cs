using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Projectors;

/// <summary>Tolerance checks and state-dict copies shared by the projector tests.</summary>
internal static class ProjectorAssert
{
    public const double Tolerance = 1e-4;

    public static void Close(Tensor expected, Tensor actual, double tolerance = Tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().ToDouble();
        Assert.True(difference < tolerance, $"max |expected - actual| = {difference}");
    }

    /// <summary>
    /// Copies <c>prefix + key</c> tensors into every state-dict entry of the module; all must be present, and every other
    /// prefixed tensor must be one of <paramref name="notWeights"/>.
    /// </summary>
    public static void LoadPrefixed(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, string prefix,
        params string[] notWeights)
    {
        using var noGrad = no_grad();
        var state = module.state_dict();
        var available = tensors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]);
        foreach (var (key, target) in state)
        {
            Assert.True(tensors.ContainsKey(prefix + key), $"the reference has no {prefix}{key}");
            target.copy_(tensors[prefix + key]);
        }

        Assert.Empty(available.Except(state.Keys).Except(notWeights));
    }
}
