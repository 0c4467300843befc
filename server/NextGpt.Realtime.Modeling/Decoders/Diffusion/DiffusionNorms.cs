using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// GroupNorm with PyTorch's initial values (weight 1, bias 0). TorchSharp 0.107's <c>nn.GroupNorm</c> leaves its affine
/// parameters uninitialised (measured: weight 0, bias ~1e7), which only matters before weights are loaded, i.e. for
/// benchmarks and training from scratch.
/// </summary>
internal static class DiffusionNorms
{
    public static GroupNorm GroupNorm(int groups, int channels, double eps, Device? device)
    {
        var norm = nn.GroupNorm(groups, channels, eps, device: device);
        using var noGrad = no_grad();
        norm.weight!.fill_(1.0);
        norm.bias!.zero_();
        return norm;
    }
}
