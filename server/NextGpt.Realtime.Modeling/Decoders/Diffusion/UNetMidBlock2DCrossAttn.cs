using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>diffusers models/unet_2d_blocks.py <c>UNetMidBlock2DCrossAttn</c>: resnet, (spatial transformer, resnet) x layers.</summary>
public sealed class UNetMidBlock2DCrossAttn : nn.Module
{
    [ComponentName(Name = "attentions")] private readonly ModuleList<Transformer2DModel> _attentions;
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;

    public UNetMidBlock2DCrossAttn(int channels, int tembChannels, int groups, double eps, string act, string timeScaleShift,
        double outputScaleFactor, int heads, int crossAttentionDim, bool useLinearProjection, bool upcastAttention, int numLayers = 1,
        Device? device = null) : base(nameof(UNetMidBlock2DCrossAttn))
    {
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers + 1)
            .Select(_ => new ResnetBlock2D(channels, channels, tembChannels, groups, eps, act, timeScaleShift, outputScaleFactor, device))
            .ToArray());
        _attentions = new ModuleList<Transformer2DModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new Transformer2DModel(heads, channels / heads, channels, crossAttentionDim, groups, useLinearProjection,
                onlyCrossAttention: false, upcastAttention, device: device))
            .ToArray());
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, C, H, W).</param>
    /// <returns>(B, C, H, W).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor temb, Tensor? encoderHiddenStates)
    {
        using var scope = NewDisposeScope();
        var hidden = _resnets[0].forward(hiddenStates, temb);
        for (var i = 0; i < _attentions.Count; i++)
        {
            hidden = _attentions[i].forward(hidden, encoderHiddenStates);
            hidden = _resnets[i + 1].forward(hidden, temb);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
