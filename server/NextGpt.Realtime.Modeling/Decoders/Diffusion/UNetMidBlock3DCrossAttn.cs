using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers 0.17.1 models/unet_3d_blocks.py <c>UNetMidBlock3DCrossAttn</c>: resnet and temporal convolution, then per
/// layer a spatial transformer, a temporal transformer, a resnet and a temporal convolution.
/// </summary>
public sealed class UNetMidBlock3DCrossAttn : nn.Module
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "temp_convs")] private readonly ModuleList<TemporalConvLayer> _tempConvs;
    [ComponentName(Name = "attentions")] private readonly ModuleList<Transformer2DModel> _attentions;
    [ComponentName(Name = "temp_attentions")] private readonly ModuleList<TransformerTemporalModel> _tempAttentions;

    public UNetMidBlock3DCrossAttn(int channels, int tembChannels, int groups, double eps, string act, double outputScaleFactor,
        int headDim, int crossAttentionDim, int numLayers = 1, Device? device = null) : base(nameof(UNetMidBlock3DCrossAttn))
    {
        var heads = channels / headDim;
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers + 1)
            .Select(_ => new ResnetBlock2D(channels, channels, tembChannels, groups, eps, act, outputScaleFactor: outputScaleFactor, device: device))
            .ToArray());
        _tempConvs = new ModuleList<TemporalConvLayer>(Enumerable.Range(0, numLayers + 1)
            .Select(_ => new TemporalConvLayer(channels, channels, device)).ToArray());
        _attentions = new ModuleList<Transformer2DModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new Transformer2DModel(heads, headDim, channels, crossAttentionDim, groups, useLinearProjection: true,
                onlyCrossAttention: false, upcastAttention: false, device: device))
            .ToArray());
        _tempAttentions = new ModuleList<TransformerTemporalModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new TransformerTemporalModel(heads, headDim, channels, groups, device: device)).ToArray());
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B F, C, H, W).</param>
    /// <param name="temb">(B F, temb_channels).</param>
    /// <param name="encoderHiddenStates">(B F, S, cross_attention_dim).</param>
    /// <param name="numFrames">F.</param>
    /// <returns>(B F, C, H, W).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor temb, Tensor encoderHiddenStates, long numFrames)
    {
        using var scope = NewDisposeScope();
        var hidden = _resnets[0].forward(hiddenStates, temb);
        hidden = _tempConvs[0].forward(hidden, numFrames);
        for (var i = 0; i < _attentions.Count; i++)
        {
            hidden = _attentions[i].forward(hidden, encoderHiddenStates);
            hidden = _tempAttentions[i].forward(hidden, numFrames);
            hidden = _resnets[i + 1].forward(hidden, temb);
            hidden = _tempConvs[i + 1].forward(hidden, numFrames);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
