using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>Self-attention then its residual output (transformers' ClapTextAttention; keys <c>self.*</c>, <c>output.*</c>).</summary>
public sealed class ClapTextAttention : nn.Module
{
    [ComponentName(Name = "self")] private readonly ClapTextSelfAttention _self;
    [ComponentName(Name = "output")] private readonly ClapTextResidualOutput _output;

    public ClapTextAttention(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextAttention))
    {
        _self = new ClapTextSelfAttention(config, device);
        _output = new ClapTextResidualOutput(config.HiddenSize, config, device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="mask">Additive (B, 1, 1, T) padding mask or null.</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        return _output.forward(_self.forward(hiddenStates, mask), hiddenStates).MoveToOuterDisposeScope();
    }
}
