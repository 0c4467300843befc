using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Caching;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>One pre-norm LLaMA block: <c>h = x + attn(norm(x)); out = h + mlp(norm(h))</c>.</summary>
public sealed class LlamaDecoderLayer : nn.Module
{
    private readonly int _index;

    [ComponentName(Name = "self_attn")] private readonly LlamaAttention _selfAttn;
    [ComponentName(Name = "mlp")] private readonly LlamaMlp _mlp;
    [ComponentName(Name = "input_layernorm")] private readonly LlamaRmsNorm _inputLayerNorm;
    [ComponentName(Name = "post_attention_layernorm")] private readonly LlamaRmsNorm _postAttentionLayerNorm;

    public LlamaDecoderLayer(LlamaConfig config, int index, Device? device = null, LoraConfig? lora = null) : base(nameof(LlamaDecoderLayer))
    {
        _index = index;
        _selfAttn = new LlamaAttention(config, device, lora);
        _mlp = new LlamaMlp(config, device, lora);
        _inputLayerNorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, device);
        _postAttentionLayerNorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, device);
        RegisterComponents();
    }

    public LlamaAttention SelfAttention => _selfAttn;

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, (Tensor Cos, Tensor Sin) rotary, Tensor? mask, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var attended = _selfAttn.forward(_inputLayerNorm.forward(hiddenStates), rotary, mask, cache, _index);
        var residual = hiddenStates + attended;
        var output = residual + _mlp.forward(_postAttentionLayerNorm.forward(residual));
        return output.MoveToOuterDisposeScope();
    }
}
