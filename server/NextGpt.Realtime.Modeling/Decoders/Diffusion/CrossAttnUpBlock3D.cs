using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers 0.17.1 models/unet_3d_blocks.py <c>CrossAttnUpBlock3D</c>: per layer a resnet on [running, skip], a temporal
/// convolution, a spatial transformer and a temporal transformer (<c>out_channels / head_dim</c> heads each), then
/// upsampling.
/// </summary>
public sealed class CrossAttnUpBlock3D : UNet3DUpBlock
{
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;
    [ComponentName(Name = "temp_convs")] private readonly ModuleList<TemporalConvLayer> _tempConvs;
    [ComponentName(Name = "attentions")] private readonly ModuleList<Transformer2DModel> _attentions;
    [ComponentName(Name = "temp_attentions")] private readonly ModuleList<TransformerTemporalModel> _tempAttentions;
    [ComponentName(Name = "upsamplers")] private readonly ModuleList<Upsample2D>? _upsamplers;

    /// <param name="inChannels">Channels of the deepest skip tensor this block consumes.</param>
    /// <param name="prevOutputChannels">Channels arriving from the block below.</param>
    public CrossAttnUpBlock3D(int inChannels, int prevOutputChannels, int outChannels, int tembChannels, int numLayers, int groups,
        double eps, string act, bool addUpsample, int headDim, int crossAttentionDim, Device? device = null) : base(nameof(CrossAttnUpBlock3D))
    {
        var heads = outChannels / headDim;
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
        _attentions = new ModuleList<Transformer2DModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new Transformer2DModel(heads, headDim, outChannels, crossAttentionDim, groups, useLinearProjection: true,
                onlyCrossAttention: false, upcastAttention: false, device: device))
            .ToArray());
        _tempAttentions = new ModuleList<TransformerTemporalModel>(Enumerable.Range(0, numLayers)
            .Select(_ => new TransformerTemporalModel(heads, headDim, outChannels, groups, device: device)).ToArray());
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
            hidden = _attentions[i].forward(hidden, encoderHiddenStates);
            hidden = _tempAttentions[i].forward(hidden, numFrames);
        }

        if (_upsamplers is not null)
        {
            hidden = _upsamplers[0].forward(hidden, upsampleSize);              // (B F, C_out, 2H, 2W)
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
