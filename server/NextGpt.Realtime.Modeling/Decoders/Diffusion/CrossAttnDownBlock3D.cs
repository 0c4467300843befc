using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers 0.17.1 models/unet_3d_blocks.py <c>CrossAttnDownBlock3D</c>: per layer a resnet, a temporal convolution, a
/// spatial transformer (cross-attention to the text, linear projections) and a temporal transformer, then a stride-2
/// convolution. Unlike the 2D UNet, <c>attention_head_dim</c> here is the size of a head: both transformers have
/// <c>out_channels / head_dim</c> heads.
/// </summary>
public sealed class CrossAttnDownBlock3D : UNet3DDownBlock
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "temp_convs")] private readonly ModuleList<TemporalConvLayer> _tempConvs;
    [ComponentName(Name = "attentions")] private readonly ModuleList<Transformer2DModel> _attentions;
    [ComponentName(Name = "temp_attentions")] private readonly ModuleList<TransformerTemporalModel> _tempAttentions;
    [ComponentName(Name = "downsamplers")] private readonly ModuleList<Downsample2D>? _downsamplers;

    public CrossAttnDownBlock3D(int inChannels, int outChannels, int tembChannels, int numLayers, int groups, double eps, string act,
        bool addDownsample, int downsamplePadding, int headDim, int crossAttentionDim, Device? device = null)
        : base(nameof(CrossAttnDownBlock3D))
    {
        var heads = outChannels / headDim;
        _resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, numLayers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, tembChannels, groups, eps, act, device: device))
            .ToArray());
        _tempConvs = new ModuleList<TemporalConvLayer>(Enumerable.Range(0, numLayers)
            .Select(_ => new TemporalConvLayer(outChannels, outChannels, device)).ToArray());
        _attentions = new ModuleList<Transformer2DModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new Transformer2DModel(heads, headDim, outChannels, crossAttentionDim, groups, useLinearProjection: true,
                onlyCrossAttention: false, upcastAttention: false, device: device))
            .ToArray());
        _tempAttentions = new ModuleList<TransformerTemporalModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new TransformerTemporalModel(heads, headDim, outChannels, groups, device: device)).ToArray());
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
            hidden = _resnets[i].forward(hidden, temb);                          // (B F, C_out, H, W)
            hidden = _tempConvs[i].forward(hidden, numFrames);
            hidden = _attentions[i].forward(hidden, encoderHiddenStates);
            hidden = _tempAttentions[i].forward(hidden, numFrames);
            residuals.Add(hidden);
        }

        if (_downsamplers is not null)
        {
            hidden = _downsamplers[0].forward(hidden);                           // (B F, C_out, H / 2, W / 2)
            residuals.Add(hidden);
        }

        // The block output is the last skip tensor: move each tensor out of the scope exactly once.
        residuals.ForEach(r => r.MoveToOuterDisposeScope());
        return (residuals[^1], residuals.ToArray());
    }
}
