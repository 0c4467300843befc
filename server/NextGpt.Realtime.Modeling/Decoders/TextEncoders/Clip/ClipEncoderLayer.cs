using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>One pre-LayerNorm block: x += attn(ln1(x)); x += mlp(ln2(x)) (transformers' CLIPEncoderLayer).</summary>
public sealed class ClipEncoderLayer : nn.Module
{
    [ComponentName(Name = "self_attn")] private readonly ClipAttention _selfAttn;
    [ComponentName(Name = "layer_norm1")] private readonly LayerNorm _layerNorm1;
    [ComponentName(Name = "mlp")] private readonly ClipMlp _mlp;
    [ComponentName(Name = "layer_norm2")] private readonly LayerNorm _layerNorm2;

    public ClipEncoderLayer(ClipTextConfig config, Device? device = null) : base(nameof(ClipEncoderLayer))
    {
        _selfAttn = new ClipAttention(config, device);
        _layerNorm1 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        _mlp = new ClipMlp(config, device);
        _layerNorm2 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="mask">Additive (B, 1, T, T) mask, or null for causal only.</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var x = hiddenStates + _selfAttn.forward(_layerNorm1.forward(hiddenStates), mask);
        x = x + _mlp.forward(_layerNorm2.forward(x));
        return x.MoveToOuterDisposeScope();
    }
}
