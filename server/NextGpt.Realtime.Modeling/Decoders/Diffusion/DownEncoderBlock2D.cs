using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>diffusers models/unet_2d_blocks.py <c>DownEncoderBlock2D</c>: resnets without time embedding, then a stride-2
/// convolution with the VAE's asymmetric padding.</summary>
public sealed class DownEncoderBlock2D : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "downsamplers")] private readonly ModuleList<Downsample2D>? _downsamplers;

    public DownEncoderBlock2D(int inChannels, int outChannels, int numLayers, int groups, double eps, string act, bool addDownsample,
        Device? device = null) : base(nameof(DownEncoderBlock2D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, null, groups, eps, act, device: device))
            .ToArray());
        if (addDownsample)
        {
            _downsamplers = new ModuleList<Downsample2D>(new Downsample2D(outChannels, outChannels, padding: 0, device));
        }

        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, C_in, H, W).</param>
    /// <returns>(B, C_out, H / 2, W / 2), or (B, C_out, H, W) for the last block.</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var hidden = hiddenStates;
        foreach (var resnet in _resnets)
        {
            hidden = resnet.forward(hidden, null);
        }

        if (_downsamplers is not null)
        {
            hidden = _downsamplers[0].forward(hidden);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
