using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>diffusers models/unet_2d_blocks.py <c>UpDecoderBlock2D</c>: resnets without time embedding, then nearest x2
/// upsampling and a convolution.</summary>
public sealed class UpDecoderBlock2D : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "upsamplers")] private readonly ModuleList<Upsample2D>? _upsamplers;

    public UpDecoderBlock2D(int inChannels, int outChannels, int numLayers, int groups, double eps, string act, bool addUpsample,
        Device? device = null) : base(nameof(UpDecoderBlock2D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, null, groups, eps, act, device: device))
            .ToArray());
        if (addUpsample)
        {
            _upsamplers = new ModuleList<Upsample2D>(new Upsample2D(outChannels, outChannels, device));
        }

        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, C_in, H, W).</param>
    /// <returns>(B, C_out, 2H, 2W), or (B, C_out, H, W) for the last block.</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var hidden = hiddenStates;
        foreach (var resnet in _resnets)
        {
            hidden = resnet.forward(hidden, null);
        }

        if (_upsamplers is not null)
        {
            hidden = _upsamplers[0].forward(hidden);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
