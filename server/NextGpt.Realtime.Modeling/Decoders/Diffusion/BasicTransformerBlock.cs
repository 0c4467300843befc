using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/attention.py <c>BasicTransformerBlock</c> (layer-norm variant): pre-norm self-attention, cross-attention
/// on the encoder states, GEGLU feed-forward, each with a residual. With only_cross_attention the first attention also
/// reads the encoder states. When no encoder states are given, <c>attn2</c> attends to the block itself (AudioLDM).
/// </summary>
public sealed class BasicTransformerBlock : nn.Module
{
    private readonly bool _onlyCrossAttention;

    [ComponentName(Name = "norm1")] private readonly LayerNorm _norm1;
    [ComponentName(Name = "attn1")] private readonly Attention _attn1;
    [ComponentName(Name = "norm2")] private readonly LayerNorm _norm2;
    [ComponentName(Name = "attn2")] private readonly Attention _attn2;
    [ComponentName(Name = "norm3")] private readonly LayerNorm _norm3;
    [ComponentName(Name = "ff")] private readonly FeedForward _ff;

    public BasicTransformerBlock(int dim, int heads, int headDim, int crossAttentionDim, bool onlyCrossAttention = false,
        bool upcastAttention = false, Device? device = null) : base(nameof(BasicTransformerBlock))
    {
        _onlyCrossAttention = onlyCrossAttention;
        _norm1 = nn.LayerNorm(dim, device: device);
        _attn1 = new Attention(dim, onlyCrossAttention ? crossAttentionDim : null, heads, headDim, upcast: upcastAttention, device: device);
        _norm2 = nn.LayerNorm(dim, device: device);
        _attn2 = new Attention(dim, crossAttentionDim, heads, headDim, upcast: upcastAttention, device: device);
        _norm3 = nn.LayerNorm(dim, device: device);
        _ff = new FeedForward(dim, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, dim).</param>
    /// <param name="encoderHiddenStates">(B, S, cross_attention_dim) or null.</param>
    /// <returns>(B, T, dim).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? encoderHiddenStates)
    {
        using var scope = NewDisposeScope();
        var hidden = _attn1.forward(_norm1.forward(hiddenStates), _onlyCrossAttention ? encoderHiddenStates : null) + hiddenStates;
        hidden = _attn2.forward(_norm2.forward(hidden), encoderHiddenStates) + hidden;
        hidden = _ff.forward(_norm3.forward(hidden)) + hidden;
        return hidden.MoveToOuterDisposeScope();
    }
}
