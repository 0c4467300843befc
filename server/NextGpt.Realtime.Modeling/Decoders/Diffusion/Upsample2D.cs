using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/resnet.py <c>Upsample2D</c> with a convolution: nearest-neighbour x2 (or to an explicit size, which the
/// UNet forwards when the input is not a multiple of its total down-sampling factor), then a 3x3 convolution.
/// </summary>
public sealed class Upsample2D : nn.Module
{
    [ComponentName(Name = "conv")] private readonly Conv2d _conv;

    public Upsample2D(int channels, int outChannels, Device? device = null) : base(nameof(Upsample2D))
    {
        _conv = nn.Conv2d(channels, outChannels, 3, padding: 1, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, C, H, W).</param>
    /// <param name="outputSize">(H', W') or null for (2H, 2W).</param>
    /// <returns>(B, C_out, H', W').</returns>
    public Tensor forward(Tensor hiddenStates, long[]? outputSize = null)
    {
        using var scope = NewDisposeScope();
        // upsample_nearest2d has no bfloat16 kernel in some builds; diffusers upcasts for it too.
        var input = hiddenStates.dtype == ScalarType.BFloat16 ? hiddenStates.to_type(ScalarType.Float32) : hiddenStates;
        var upsampled = outputSize is null
            ? nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest)   // (B, C, 2H, 2W)
            : nn.functional.interpolate(input, size: outputSize, mode: InterpolationMode.Nearest);         // (B, C, H', W')
        upsampled = upsampled.to_type(hiddenStates.dtype);
        return _conv.forward(upsampled).MoveToOuterDisposeScope();
    }
}
