using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// CLIP's multi-head self-attention (transformers' CLIPAttention): biased q/k/v/out projections, scores scaled by
/// head_dim^-0.5, computed by libtorch's scaled dot-product attention.
/// </summary>
public sealed class ClipAttention : nn.Module
{
    private readonly int _heads;
    private readonly int _headDim;

    [ComponentName(Name = "k_proj")] private readonly Linear _kProj;
    [ComponentName(Name = "v_proj")] private readonly Linear _vProj;
    [ComponentName(Name = "q_proj")] private readonly Linear _qProj;
    [ComponentName(Name = "out_proj")] private readonly Linear _outProj;

    public ClipAttention(ClipTextConfig config, Device? device = null) : base(nameof(ClipAttention))
    {
        _heads = config.NumAttentionHeads;
        _headDim = config.HeadDim;
        _kProj = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        _vProj = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        _qProj = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        _outProj = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="mask">Additive mask (B, 1, T, T) holding the causal and padding masks, or null for causal only.</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hiddenStates.shape[0], hiddenStates.shape[1]);
        var q = _qProj.forward(hiddenStates).view(batch, length, _heads, _headDim).transpose(1, 2);    // (B, H, T, hd)
        var k = _kProj.forward(hiddenStates).view(batch, length, _heads, _headDim).transpose(1, 2);    // (B, H, T, hd)
        var v = _vProj.forward(hiddenStates).view(batch, length, _heads, _headDim).transpose(1, 2);    // (B, H, T, hd)
        var attended = mask is null
            ? nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true)
            : nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);                    // (B, H, T, hd)
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _headDim);               // (B, T, D)
        return _outProj.forward(merged).MoveToOuterDisposeScope();
    }
}
