using MultiheadAttention = NextGpt.Realtime.Modeling.Layers.MultiheadAttention;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// PyTorch's <c>nn.TransformerDecoderLayer(norm_first=True, batch_first=True, activation=relu, dropout=0)</c> with its
/// keys (<c>self_attn</c>, <c>multihead_attn</c>, <c>linear1</c>, <c>linear2</c>, <c>norm1..3</c>), without masks (the
/// output projectors pass none): <c>t += SA(norm1(t)); t += CA(norm2(t), memory); t += FF(norm3(t))</c>.
/// </summary>
public sealed class PreNormTransformerDecoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "self_attn")] private readonly MultiheadAttention _selfAttn;
    [ComponentName(Name = "multihead_attn")] private readonly MultiheadAttention _multiheadAttn;
    [ComponentName(Name = "linear1")] private readonly Linear _linear1;
    [ComponentName(Name = "linear2")] private readonly Linear _linear2;
    [ComponentName(Name = "norm1")] private readonly LayerNorm _norm1;
    [ComponentName(Name = "norm2")] private readonly LayerNorm _norm2;
    [ComponentName(Name = "norm3")] private readonly LayerNorm _norm3;

    public PreNormTransformerDecoderLayer(OutputProjectorConfig config, Device? device = null)
        : base(nameof(PreNormTransformerDecoderLayer))
    {
        _selfAttn = new MultiheadAttention(config.DModel, config.NHead, device: device);
        _multiheadAttn = new MultiheadAttention(config.DModel, config.NHead, device: device);
        _linear1 = nn.Linear(config.DModel, config.DimFeedforward, device: device);
        _linear2 = nn.Linear(config.DimFeedforward, config.DModel, device: device);
        _norm1 = nn.LayerNorm(config.DModel, OutputProjectorConfig.LayerNormEps, device: device);
        _norm2 = nn.LayerNorm(config.DModel, OutputProjectorConfig.LayerNormEps, device: device);
        _norm3 = nn.LayerNorm(config.DModel, OutputProjectorConfig.LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <param name="target">(B, T, d_model): the learned queries or the previous layer's output.</param>
    /// <param name="memory">(B, S, d_model): the encoder's output after its final norm.</param>
    /// <returns>(B, T, d_model).</returns>
    public override Tensor forward(Tensor target, Tensor memory)
    {
        using var scope = NewDisposeScope();
        var t = target + _selfAttn.forward(_norm1.forward(target));
        var normed = _norm2.forward(t);
        t = t + _multiheadAttn.forward(normed, memory, memory);
        t = t + _linear2.forward(nn.functional.relu(_linear1.forward(_norm3.forward(t))));
        return t.MoveToOuterDisposeScope();
    }
}
