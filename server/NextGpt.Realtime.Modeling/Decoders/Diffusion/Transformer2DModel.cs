using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/transformer_2d.py <c>Transformer2DModel</c> for continuous input (the spatial transformer of latent
/// diffusion): GroupNorm (eps 1e-6), <c>proj_in</c> (1x1 convolution, or a linear layer after flattening when
/// use_linear_projection, as SD 2 uses), the transformer blocks over the H*W tokens, <c>proj_out</c>, plus the input.
/// </summary>
public sealed class Transformer2DModel : nn.Module
{
    private readonly bool _useLinearProjection;
    private readonly int _innerDim;

    [ComponentName(Name = "norm")] private readonly GroupNorm _norm;
    [ComponentName(Name = "proj_in")] private readonly nn.Module<Tensor, Tensor> _projIn;
    [ComponentName(Name = "transformer_blocks")] private readonly ModuleList<BasicTransformerBlock> _transformerBlocks;
    [ComponentName(Name = "proj_out")] private readonly nn.Module<Tensor, Tensor> _projOut;

    /// <param name="heads">Number of heads (diffusers' attention_head_dim config value).</param>
    /// <param name="headDim">Channels per head (in_channels / heads in every UNet block).</param>
    public Transformer2DModel(int heads, int headDim, int inChannels, int crossAttentionDim, int groups, bool useLinearProjection,
        bool onlyCrossAttention, bool upcastAttention, int numLayers = 1, Device? device = null) : base(nameof(Transformer2DModel))
    {
        _useLinearProjection = useLinearProjection;
        _innerDim = heads * headDim;
        _norm = DiffusionNorms.GroupNorm(groups, inChannels, 1e-6, device);
        _projIn = useLinearProjection
            ? nn.Linear(inChannels, _innerDim, device: device)
            : nn.Conv2d(inChannels, _innerDim, 1, device: device);
        _transformerBlocks = new ModuleList<BasicTransformerBlock>(Enumerable.Range(0, numLayers)
            .Select(_ => new BasicTransformerBlock(_innerDim, heads, headDim, crossAttentionDim, onlyCrossAttention, upcastAttention, device))
            .ToArray());
        _projOut = useLinearProjection
            ? nn.Linear(_innerDim, inChannels, device: device)
            : nn.Conv2d(_innerDim, inChannels, 1, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, C, H, W).</param>
    /// <param name="encoderHiddenStates">(B, S, cross_attention_dim) or null.</param>
    /// <returns>(B, C, H, W).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? encoderHiddenStates)
    {
        using var scope = NewDisposeScope();
        var (batch, height, width) = (hiddenStates.shape[0], hiddenStates.shape[2], hiddenStates.shape[3]);
        var hidden = _norm.forward(hiddenStates);
        if (_useLinearProjection)
        {
            hidden = hidden.permute(0, 2, 3, 1).reshape(batch, height * width, hidden.shape[1]);     // (B, H W, C)
            hidden = _projIn.forward(hidden);                                                       // (B, H W, inner)
        }
        else
        {
            hidden = _projIn.forward(hidden);                                                       // (B, inner, H, W)
            hidden = hidden.permute(0, 2, 3, 1).reshape(batch, height * width, _innerDim);          // (B, H W, inner)
        }

        foreach (var block in _transformerBlocks)
        {
            hidden = block.forward(hidden, encoderHiddenStates);
        }

        if (_useLinearProjection)
        {
            hidden = _projOut.forward(hidden);                                                      // (B, H W, C)
            hidden = hidden.reshape(batch, height, width, -1).permute(0, 3, 1, 2).contiguous();     // (B, C, H, W)
        }
        else
        {
            hidden = hidden.reshape(batch, height, width, _innerDim).permute(0, 3, 1, 2).contiguous(); // (B, inner, H, W)
            hidden = _projOut.forward(hidden);                                                      // (B, C, H, W)
        }

        return (hidden + hiddenStates).MoveToOuterDisposeScope();
    }
}
