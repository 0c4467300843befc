using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>
/// Bidirectional multi-head attention without an output projection (transformers' ClapTextSelfAttention, from
/// BertSelfAttention; the projection is <see cref="ClapTextResidualOutput"/>'s dense). Keys query/key/value.
/// </summary>
public sealed class ClapTextSelfAttention : nn.Module
{
    private readonly int _heads;
    private readonly int _headDim;

    [ComponentName(Name = "query")] private readonly Linear _query;
    [ComponentName(Name = "key")] private readonly Linear _key;
    [ComponentName(Name = "value")] private readonly Linear _value;

    public ClapTextSelfAttention(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextSelfAttention))
    {
        _heads = config.NumAttentionHeads;
        _headDim = config.HeadDim;
        _query = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        _key = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        _value = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="mask">Additive (B, 1, 1, T) padding mask, or null when every token is real.</param>
    /// <returns>The attended context (B, T, D), before the output dense layer.</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hiddenStates.shape[0], hiddenStates.shape[1]);
        var q = _query.forward(hiddenStates).view(batch, length, _heads, _headDim).transpose(1, 2);    // (B, H, T, hd)
        var k = _key.forward(hiddenStates).view(batch, length, _heads, _headDim).transpose(1, 2);      // (B, H, T, hd)
        var v = _value.forward(hiddenStates).view(batch, length, _heads, _headDim).transpose(1, 2);    // (B, H, T, hd)
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);           // (B, H, T, hd)
        return attended.transpose(1, 2).reshape(batch, length, _heads * _headDim).MoveToOuterDisposeScope(); // (B, T, D)
    }
}
