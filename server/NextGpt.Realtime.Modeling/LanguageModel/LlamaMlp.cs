using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>The SwiGLU feed-forward block (Shazeer, 2020): <c>down(silu(gate(x)) * up(x))</c>.</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "gate_proj")] private readonly Linear _gateProj;
    [ComponentName(Name = "up_proj")] private readonly Linear _upProj;
    [ComponentName(Name = "down_proj")] private readonly Linear _downProj;

    public LlamaMlp(LlamaConfig config, Device? device = null) : base(nameof(LlamaMlp))
    {
        _gateProj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device: device);
        _upProj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device: device);
        _downProj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false, device: device);
        RegisterComponents();
    }

    /// <param name="input">(B, T, D).</param>
    /// <returns>(B, T, D).</returns>
    public override Tensor forward(Tensor input)
    {
        using var gate = nn.functional.silu(_gateProj.forward(input)); // (B, T, D) -> (B, T, F)
        using var up = _upProj.forward(input);                         // (B, T, F)
        using var product = gate * up;
        return _downProj.forward(product);                              // (B, T, F) -> (B, T, D)
    }
}
