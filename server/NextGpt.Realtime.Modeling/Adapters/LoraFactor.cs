using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Adapters;

/// <summary>
/// One LoRA factor (A or B) under peft's adapter name, so its key is <c>lora_A.default.weight</c>. A plain module rather
/// than TorchSharp's ModuleDict, whose dtype conversion (<c>Module.to</c>) fails on the dictionary's indexer in 0.107.
/// </summary>
public sealed class LoraFactor : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "default")] private readonly Linear _default;

    public LoraFactor(long inFeatures, long outFeatures, Device? device) : base(nameof(LoraFactor))
    {
        _default = nn.Linear(inFeatures, outFeatures, hasBias: false, device: device);
        RegisterComponents();
    }

    public Parameter Weight => _default.weight!;

    public override Tensor forward(Tensor input) => _default.forward(input);
}
