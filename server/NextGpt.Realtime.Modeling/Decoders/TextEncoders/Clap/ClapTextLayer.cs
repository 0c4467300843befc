using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>
/// One post-LN BERT layer (transformers' ClapTextLayer): x = LN(x + attn(x)); x = LN(x + dense(act(dense(x)))).
/// Keys <c>attention.*</c>, <c>intermediate.dense.*</c>, <c>output.{dense,LayerNorm}.*</c>.
/// </summary>
public sealed class ClapTextLayer : nn.Module
{
    [ComponentName(Name = "attention")] private readonly ClapTextAttention _attention;
    [ComponentName(Name = "intermediate")] private readonly ClapTextIntermediate _intermediate;
    [ComponentName(Name = "output")] private readonly ClapTextResidualOutput _output;

    public ClapTextLayer(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextLayer))
    {
        _attention = new ClapTextAttention(config, device);
        _intermediate = new ClapTextIntermediate(config, device);
        _output = new ClapTextResidualOutput(config.IntermediateSize, config, device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="mask">Additive (B, 1, 1, T) padding mask or null.</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var attended = _attention.forward(hiddenStates, mask);                   // (B, T, D)
        var inner = _intermediate.forward(attended);                             // (B, T, D) -> (B, T, I)
        return _output.forward(inner, attended).MoveToOuterDisposeScope();       // (B, T, I) -> (B, T, D)
    }
}
