using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using MultiheadAttention = NextGpt.Realtime.Modeling.Layers.MultiheadAttention;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// ImageBind's pre-norm <c>BlockWithMasking</c> (<c>models/transformer.py</c>) as its trunks use it (no mask, no layer
/// scale, drop path inactive at eval): <c>x += attn(norm_1(x)); x += mlp(norm_2(x))</c>, LayerNorm eps 1e-6, attention
/// with nn.MultiheadAttention's semantics (the audio trunk adds bias_k/bias_v).
/// </summary>
public sealed class BlockWithMasking : nn.Module<Tensor, Tensor>
{
    private const double LayerNormEps = 1e-6;

    [ComponentName(Name = "attn")] private readonly MultiheadAttention _attn;
    [ComponentName(Name = "norm_1")] private readonly LayerNorm _norm1;
    [ComponentName(Name = "mlp")] private readonly ImageBindMlp _mlp;
    [ComponentName(Name = "norm_2")] private readonly LayerNorm _norm2;

    public BlockWithMasking(long dimension, long heads, bool addBiasKv, Device? device = null) : base(nameof(BlockWithMasking))
    {
        _attn = new MultiheadAttention(dimension, heads, bias: true, addBiasKv: addBiasKv, device: device);
        _norm1 = nn.LayerNorm(dimension, LayerNormEps, device: device);
        _mlp = new ImageBindMlp(dimension, 4 * dimension, device);
        _norm2 = nn.LayerNorm(dimension, LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <param name="x">(B, L, D).</param>
    /// <returns>(B, L, D).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = x + _attn.forward(_norm1.forward(x));
        x = x + _mlp.forward(_norm2.forward(x));
        return x.MoveToOuterDisposeScope();
    }
}
