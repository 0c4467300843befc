using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>diffusers 0.17.1 models/unet_3d_blocks.py <c>DownBlock3D</c>: (resnet, temporal convolution) pairs, then a
/// stride-2 convolution.</summary>
public sealed class DownBlock3D : UNet3DDownBlock
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "temp_convs")] private readonly ModuleList<TemporalConvLayer> _tempConvs;
    [ComponentName(Name = "downsamplers")] private readonly ModuleList<Downsample2D>? _downsamplers;

    public DownBlock3D(int inChannels, int outChannels, int tembChannels, int numLayers, int groups, double eps, string act,
        bool addDownsample, int downsamplePadding, Device? device = null) : base(nameof(DownBlock3D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, tembChannels, groups, eps, act, device: device))
            .ToArray());
        _tempConvs = new ModuleList<TemporalConvLayer>(Enumerable.Range(0, numLayers)
            .Select(_ => new TemporalConvLayer(outChannels, outChannels, device)).ToArray());
        if (addDownsample)
        {
            _downsamplers = new ModuleList<Downsample2D>(new Downsample2D(outChannels, outChannels, downsamplePadding, device));
        }

        RegisterComponents();
    }

    public override (Tensor Hidden, Tensor[] Residuals) forward(Tensor hiddenStates, Tensor temb, Tensor encoderHiddenStates, long numFrames)
    {
        using var scope = NewDisposeScope();
        var residuals = new List<Tensor>();
        var hidden = hiddenStates;
        for (var i = 0; i < _resnets.Count; i++)
        {
            hidden = _resnets[i].forward(hidden, temb);            // (B F, C_out, H, W)
            hidden = _tempConvs[i].forward(hidden, numFrames);
            residuals.Add(hidden);
        }

        if (_downsamplers is not null)
        {
            hidden = _downsamplers[0].forward(hidden);             // (B F, C_out, H / 2, W / 2)
            residuals.Add(hidden);
        }

        // The block output is the last skip tensor: move each tensor out of the scope exactly once.
        residuals.ForEach(r => r.MoveToOuterDisposeScope());
        return (residuals[^1], residuals.ToArray());
    }
}
