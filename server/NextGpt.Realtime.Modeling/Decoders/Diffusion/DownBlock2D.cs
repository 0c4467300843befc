using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>diffusers models/unet_2d_blocks.py <c>DownBlock2D</c>: resnets without attention, then a stride-2 convolution.</summary>
public sealed class DownBlock2D : UNetDownBlock
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "downsamplers")] private readonly ModuleList<Downsample2D>? _downsamplers;

    public DownBlock2D(int inChannels, int outChannels, int tembChannels, int numLayers, int groups, double eps, string act,
        string timeScaleShift, bool addDownsample, int downsamplePadding, Device? device = null) : base(nameof(DownBlock2D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, tembChannels, groups, eps, act, timeScaleShift, device: device))
            .ToArray());
        if (addDownsample)
        {
            _downsamplers = new ModuleList<Downsample2D>(new Downsample2D(outChannels, outChannels, downsamplePadding, device));
        }

        RegisterComponents();
    }

    public override (Tensor Hidden, Tensor[] Residuals) forward(Tensor hiddenStates, Tensor temb, Tensor? encoderHiddenStates)
    {
        using var scope = NewDisposeScope();
        var residuals = new List<Tensor>();
        var hidden = hiddenStates;
        foreach (var resnet in _resnets)
        {
            hidden = resnet.forward(hidden, temb);                 // (B, C_out, H, W)
            residuals.Add(hidden);
        }

        if (_downsamplers is not null)
        {
            hidden = _downsamplers[0].forward(hidden);             // (B, C_out, H / 2, W / 2)
            residuals.Add(hidden);
        }

        // The block output is the last skip tensor: move each tensor out of the scope exactly once.
        residuals.ForEach(r => r.MoveToOuterDisposeScope());
        return (residuals[^1], residuals.ToArray());
    }
}
