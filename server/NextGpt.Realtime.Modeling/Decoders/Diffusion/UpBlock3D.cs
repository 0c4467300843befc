using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>diffusers 0.17.1 models/unet_3d_blocks.py <c>UpBlock3D</c>: (resnet on [running, skip], temporal convolution)
/// pairs, then upsampling.</summary>
public sealed class UpBlock3D : UNet3DUpBlock
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "temp_convs")] private readonly ModuleList<TemporalConvLayer> _tempConvs;
    [ComponentName(Name = "upsamplers")] private readonly ModuleList<Upsample2D>? _upsamplers;

    /// <param name="inChannels">Channels of the deepest skip tensor this block consumes.</param>
    /// <param name="prevOutputChannels">Channels arriving from the block below.</param>
    public UpBlock3D(int inChannels, int prevOutputChannels, int outChannels, int tembChannels, int numLayers, int groups, double eps,
        string act, bool addUpsample, Device? device = null) : base(nameof(UpBlock3D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i =>
            {
                var skip = i == numLayers - 1 ? inChannels : outChannels;
                var input = i == 0 ? prevOutputChannels : outChannels;
                return new ResnetBlock2D(input + skip, outChannels, tembChannels, groups, eps, act, device: device);
            })
            .ToArray());
        _tempConvs = new ModuleList<TemporalConvLayer>(Enumerable.Range(0, numLayers)
            .Select(_ => new TemporalConvLayer(outChannels, outChannels, device)).ToArray());
        if (addUpsample)
        {
            _upsamplers = new ModuleList<Upsample2D>(new Upsample2D(outChannels, outChannels, device));
        }

        RegisterComponents();
    }

    public override int ResnetCount => _resnets.Count;

    public override Tensor forward(Tensor hiddenStates, IReadOnlyList<Tensor> residuals, Tensor temb, Tensor encoderHiddenStates,
        long[]? upsampleSize, long numFrames)
    {
        using var scope = NewDisposeScope();
        var hidden = hiddenStates;
        for (var i = 0; i < _resnets.Count; i++)
        {
            var skip = residuals[residuals.Count - 1 - i];
            hidden = _resnets[i].forward(cat([hidden, skip], dim: 1), temb);    // (B F, C + C_skip, H, W) -> (B F, C_out, H, W)
            hidden = _tempConvs[i].forward(hidden, numFrames);
        }

        if (_upsamplers is not null)
        {
            hidden = _upsamplers[0].forward(hidden, upsampleSize);              // (B F, C_out, 2H, 2W)
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
