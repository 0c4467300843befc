using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/unet_2d_blocks.py <c>CrossAttnDownBlock2D</c>: (resnet, spatial transformer) pairs, then a stride-2
/// convolution. The transformer has <c>heads</c> heads of <c>out_channels / heads</c> channels.
/// </summary>
public sealed class CrossAttnDownBlock2D : UNetDownBlock
{
    [ComponentName(Name = "attentions")] private readonly ModuleList<Transformer2DModel> _attentions;
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "downsamplers")] private readonly ModuleList<Downsample2D>? _downsamplers;

    public CrossAttnDownBlock2D(int inChannels, int outChannels, int tembChannels, int numLayers, int groups, double eps, string act,
        string timeScaleShift, bool addDownsample, int downsamplePadding, int heads, int crossAttentionDim, bool useLinearProjection,
        bool onlyCrossAttention, bool upcastAttention, Device? device = null) : base(nameof(CrossAttnDownBlock2D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, tembChannels, groups, eps, act, timeScaleShift, device: device))
            .ToArray());
        _attentions = new ModuleList<Transformer2DModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new Transformer2DModel(heads, outChannels / heads, outChannels, crossAttentionDim, groups, useLinearProjection,
                onlyCrossAttention, upcastAttention, device: device))
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
        for (var i = 0; i < _resnets.Count; i++)
        {
            hidden = _resnets[i].forward(hidden, temb);                          // (B, C_out, H, W)
            hidden = _attentions[i].forward(hidden, encoderHiddenStates);
            residuals.Add(hidden);
        }

        if (_downsamplers is not null)
        {
            hidden = _downsamplers[0].forward(hidden);                           // (B, C_out, H / 2, W / 2)
            residuals.Add(hidden);
        }

        // The block output is the last skip tensor: move each tensor out of the scope exactly once.
        residuals.ForEach(r => r.MoveToOuterDisposeScope());
        return (residuals[^1], residuals.ToArray());
    }
}
