using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Caching;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>
/// Multi-head self-attention with rotary positions and grouped-query attention (key/value heads shared by groups of query
/// heads), computed by libtorch's scaled dot-product attention. Mirrors transformers' LlamaAttention (no biases).
/// </summary>
public sealed class LlamaAttention : nn.Module
{
    private readonly int _heads;
    private readonly int _keyValueHeads;
    private readonly int _headDim;

    [ComponentName(Name = "q_proj")] private readonly nn.Module<Tensor, Tensor> _qProj;
    [ComponentName(Name = "k_proj")] private readonly nn.Module<Tensor, Tensor> _kProj;
    [ComponentName(Name = "v_proj")] private readonly nn.Module<Tensor, Tensor> _vProj;
    [ComponentName(Name = "o_proj")] private readonly nn.Module<Tensor, Tensor> _oProj;

    /// <param name="lora">When given, the targeted projections carry LoRA adapters (peft key layout).</param>
    public LlamaAttention(LlamaConfig config, Device? device = null, LoraConfig? lora = null) : base(nameof(LlamaAttention))
    {
        _heads = config.NumAttentionHeads;
        _keyValueHeads = config.KeyValueHeads;
        _headDim = config.HeadDim;
        _qProj = LoraLinear.Create("q_proj", config.HiddenSize, _heads * _headDim, lora, device);
        _kProj = LoraLinear.Create("k_proj", config.HiddenSize, _keyValueHeads * _headDim, lora, device);
        _vProj = LoraLinear.Create("v_proj", config.HiddenSize, _keyValueHeads * _headDim, lora, device);
        _oProj = LoraLinear.Create("o_proj", _heads * _headDim, config.HiddenSize, lora, device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="rotary">cos and sin, each (B, 1, T, head_dim).</param>
    /// <param name="mask">Additive mask (B, 1, T, S) or null for plain causal attention over the T new positions.</param>
    /// <param name="cache">Past keys/values; the new ones are appended.</param>
    /// <param name="layer">This layer's index in the cache.</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, (Tensor Cos, Tensor Sin) rotary, Tensor? mask, KvCache? cache, int layer)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hiddenStates.shape[0], hiddenStates.shape[1]);
        var q = _qProj.forward(hiddenStates).view(batch, length, _heads, _headDim).transpose(1, 2);          // (B, H, T, hd)
        var k = _kProj.forward(hiddenStates).view(batch, length, _keyValueHeads, _headDim).transpose(1, 2);  // (B, KV, T, hd)
        var v = _vProj.forward(hiddenStates).view(batch, length, _keyValueHeads, _headDim).transpose(1, 2);  // (B, KV, T, hd)
        q = LlamaRotaryEmbedding.Apply(q, rotary.Cos, rotary.Sin);
        k = LlamaRotaryEmbedding.Apply(k, rotary.Cos, rotary.Sin);
        if (cache is not null)
        {
            (k, v) = cache.Append(layer, k, v);                                                              // (B, KV, S, hd)
        }

        if (_keyValueHeads != _heads)
        {
            var groups = _heads / _keyValueHeads;
            k = k.repeat_interleave(groups, dim: 1);                                                         // (B, H, S, hd)
            v = v.repeat_interleave(groups, dim: 1);
        }

        var attended = mask is null
            ? nn.functional.scaled_dot_product_attention(q, k, v, is_casual: length > 1)
            : nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);                           // (B, H, T, hd)
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _headDim);                    // (B, T, D)
        return _oProj.forward(merged).MoveToOuterDisposeScope();
    }
}
