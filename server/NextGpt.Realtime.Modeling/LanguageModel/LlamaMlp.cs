using NextGpt.Realtime.Modeling.Adapters;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>The SwiGLU feed-forward block (Shazeer, 2020): <c>down(silu(gate(x)) * up(x))</c>.</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "gate_proj")] private readonly nn.Module<Tensor, Tensor> _gateProj;
    [ComponentName(Name = "up_proj")] private readonly nn.Module<Tensor, Tensor> _upProj;
    [ComponentName(Name = "down_proj")] private readonly nn.Module<Tensor, Tensor> _downProj;

    /// <param name="lora">When given, the targeted projections carry LoRA adapters (the new NExT-GPT code's layout).</param>
    public LlamaMlp(LlamaConfig config, Device? device = null, LoraConfig? lora = null) : base(nameof(LlamaMlp))
    {
        _gateProj = LoraLinear.Create("gate_proj", config.HiddenSize, config.IntermediateSize, lora, device);
        _upProj = LoraLinear.Create("up_proj", config.HiddenSize, config.IntermediateSize, lora, device);
        _downProj = LoraLinear.Create("down_proj", config.IntermediateSize, config.HiddenSize, lora, device);
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
