using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/unet_2d_blocks.py <c>CrossAttnUpBlock2D</c>: (resnet on [running, skip], spatial transformer) pairs,
/// then upsampling.
/// </summary>
public sealed class CrossAttnUpBlock2D : UNetUpBlock
{
    [ComponentName(Name = "attentions")] private readonly ModuleList<Transformer2DModel> _attentions;
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "upsamplers")] private readonly ModuleList<Upsample2D>? _upsamplers;

    public CrossAttnUpBlock2D(int inChannels, int prevOutputChannels, int outChannels, int tembChannels, int numLayers, int groups,
        double eps, string act, string timeScaleShift, bool addUpsample, int heads, int crossAttentionDim, bool useLinearProjection,
        bool onlyCrossAttention, bool upcastAttention, Device? device = null) : base(nameof(CrossAttnUpBlock2D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i =>
            {
                var skip = i == numLayers - 1 ? inChannels : outChannels;
                var input = i == 0 ? prevOutputChannels : outChannels;
                return new ResnetBlock2D(input + skip, outChannels, tembChannels, groups, eps, act, timeScaleShift, device: device);
            })
            .ToArray());
        _attentions = new ModuleList<Transformer2DModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new Transformer2DModel(heads, outChannels / heads, outChannels, crossAttentionDim, groups, useLinearProjection,
                onlyCrossAttention, upcastAttention, device: device))
            .ToArray());
        if (addUpsample)
        {
            _upsamplers = new ModuleList<Upsample2D>(new Upsample2D(outChannels, outChannels, device));
        }

        RegisterComponents();
    }

    public override int ResnetCount => _resnets.Count;

    public override Tensor forward(Tensor hiddenStates, IReadOnlyList<Tensor> residuals, Tensor temb, Tensor? encoderHiddenStates,
        long[]? upsampleSize)
    {
        using var scope = NewDisposeScope();
        var hidden = hiddenStates;
        for (var i = 0; i < _resnets.Count; i++)
        {
            var skip = residuals[residuals.Count - 1 - i];
            hidden = _resnets[i].forward(cat([hidden, skip], dim: 1), temb);    // (B, C + C_skip, H, W) -> (B, C_out, H, W)
            hidden = _attentions[i].forward(hidden, encoderHiddenStates);
        }

        if (_upsamplers is not null)
        {
            hidden = _upsamplers[0].forward(hidden, upsampleSize);              // (B, C_out, 2H, 2W)
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
