using MultiheadAttention = NextGpt.Realtime.Modeling.Layers.MultiheadAttention;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// PyTorch's <c>nn.TransformerEncoderLayer(norm_first=True, batch_first=True, activation=relu, dropout=0)</c> with its
/// keys (<c>self_attn.*</c>, <c>linear1</c>, <c>linear2</c>, <c>norm1</c>, <c>norm2</c>):
/// <c>x += SA(norm1(x)); x += linear2(relu(linear1(norm2(x))))</c>. Written by hand because TorchSharp's built-in layer
/// has neither norm_first nor batch_first (architecture notes section 4.1).
/// </summary>
public sealed class PreNormTransformerEncoderLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "self_attn")] private readonly MultiheadAttention _selfAttn;
    [ComponentName(Name = "linear1")] private readonly Linear _linear1;
    [ComponentName(Name = "linear2")] private readonly Linear _linear2;
    [ComponentName(Name = "norm1")] private readonly LayerNorm _norm1;
    [ComponentName(Name = "norm2")] private readonly LayerNorm _norm2;

    public PreNormTransformerEncoderLayer(OutputProjectorConfig config, Device? device = null)
        : base(nameof(PreNormTransformerEncoderLayer))
    {
        _selfAttn = new MultiheadAttention(config.DModel, config.NHead, device: device);
        _linear1 = nn.Linear(config.DModel, config.DimFeedforward, device: device);
        _linear2 = nn.Linear(config.DimFeedforward, config.DModel, device: device);
        _norm1 = nn.LayerNorm(config.DModel, OutputProjectorConfig.LayerNormEps, device: device);
        _norm2 = nn.LayerNorm(config.DModel, OutputProjectorConfig.LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <param name="x">(B, S, d_model).</param>
    /// <returns>(B, S, d_model).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = x + _selfAttn.forward(_norm1.forward(x));
        x = x + _linear2.forward(nn.functional.relu(_linear1.forward(_norm2.forward(x))));
        return x.MoveToOuterDisposeScope();
    }
}
