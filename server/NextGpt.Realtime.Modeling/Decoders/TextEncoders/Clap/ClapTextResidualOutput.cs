using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>
/// BERT's post-LN residual step: LayerNorm(dense(x) + residual). transformers has it twice with the same keys
/// (<c>dense</c>, <c>LayerNorm</c>): ClapTextSelfOutput after attention (D -> D) and ClapTextOutput after the
/// intermediate layer (I -> D).
/// </summary>
public sealed class ClapTextResidualOutput : nn.Module
{
    [ComponentName(Name = "dense")] private readonly Linear _dense;
    [ComponentName(Name = "LayerNorm")] private readonly LayerNorm _layerNorm;

    public ClapTextResidualOutput(int inputSize, ClapTextConfig config, Device? device = null) : base(nameof(ClapTextResidualOutput))
    {
        _dense = nn.Linear(inputSize, config.HiddenSize, device: device);
        _layerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, inputSize).</param>
    /// <param name="residual">(B, T, D).</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return _layerNorm.forward(_dense.forward(hiddenStates) + residual).MoveToOuterDisposeScope();
    }
}
