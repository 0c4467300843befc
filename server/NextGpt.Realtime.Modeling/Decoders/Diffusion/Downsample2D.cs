using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/resnet.py <c>Downsample2D</c> with a convolution (<c>name="op"</c>, so the weight is <c>conv.weight</c>):
/// a stride-2 3x3 convolution. With padding 0 (the VAE encoder) the input is first padded by one on the right and bottom,
/// as the original latent-diffusion code does.
/// </summary>
public sealed class Downsample2D : nn.Module<Tensor, Tensor>
{
    private readonly int _padding;

    [ComponentName(Name = "conv")] private readonly Conv2d _conv;

    public Downsample2D(int channels, int outChannels, int padding, Device? device = null) : base(nameof(Downsample2D))
    {
        _padding = padding;
        _conv = nn.Conv2d(channels, outChannels, 3, stride: 2, padding: padding, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, C, H, W).</param>
    /// <returns>(B, C_out, ceil(H / 2), ceil(W / 2)) for padding 1.</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        if (_padding != 0)
        {
            return _conv.forward(hiddenStates);
        }

        using var padded = nn.functional.pad(hiddenStates, [0, 1, 0, 1]);   // (B, C, H + 1, W + 1)
        return _conv.forward(padded);
    }
}
