using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Adapters;

/// <summary>
/// A bias-free linear layer with a LoRA adapter: <c>y = x W^T + (alpha/r) dropout(x) A^T B^T</c>. Keys follow peft 0.3,
/// which NExT-GPT's checkpoint uses: the frozen base stays at <c>weight</c>, the adapter is <c>lora_A.default.weight</c>
/// (r x in) and <c>lora_B.default.weight</c> (out x r). B starts at zero, so a fresh adapter changes nothing.
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    private readonly double _scaling;
    private bool _merged;

    [ComponentName(Name = "weight")] private readonly Parameter _weight;
    [ComponentName(Name = "lora_A")] private readonly LoraFactor _loraA;
    [ComponentName(Name = "lora_B")] private readonly LoraFactor _loraB;
    [ComponentName(Name = "lora_dropout")] private readonly Dropout _dropout;

    public LoraLinear(long inFeatures, long outFeatures, LoraConfig config, Device? device = null) : base(nameof(LoraLinear))
    {
        _scaling = config.Scaling;
        using (no_grad())
        {
            var init = nn.Linear(inFeatures, outFeatures, hasBias: false, device: device);
            _weight = new Parameter(init.weight!.detach().clone(), requires_grad: false);
            init.Dispose();
        }

        _loraA = new LoraFactor(inFeatures, config.Rank, device);
        _loraB = new LoraFactor(config.Rank, outFeatures, device);
        using (no_grad())
        {
            // peft: A kaiming-uniform (as nn.Linear already is), B zeros.
            _loraB.Weight.zero_();
        }

        _dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public Parameter Weight => _weight;

    /// <summary>
    /// The projection called <paramref name="name"/> in a LLaMA block: a LoRA-wrapped linear layer when
    /// <paramref name="lora"/> targets it, a plain bias-free linear layer otherwise.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(string name, long inFeatures, long outFeatures, LoraConfig? lora, Device? device) =>
        lora is not null && lora.TargetModules.Contains(name)
            ? new LoraLinear(inFeatures, outFeatures, lora, device)
            : nn.Linear(inFeatures, outFeatures, hasBias: false, device: device);

    /// <summary>True once the adapter has been folded into <see cref="Weight"/>.</summary>
    public bool IsMerged => _merged;

    /// <param name="input">(..., in).</param>
    /// <returns>(..., out).</returns>
    public override Tensor forward(Tensor input)
    {
        var output = nn.functional.linear(input, _weight);
        if (_merged)
        {
            return output;
        }

        using var scope = NewDisposeScope();
        var update = _loraB.forward(_loraA.forward(_dropout.forward(input))) * _scaling;
        return (output + update).MoveToOuterDisposeScope();
    }

    /// <summary>Folds the adapter into the base weight for inference: <c>W += (alpha/r) B A</c>. Idempotent.</summary>
    public void Merge()
    {
        if (_merged)
        {
            return;
        }

        using var noGrad = no_grad();
        using var delta = _loraB.Weight.matmul(_loraA.Weight) * _scaling; // (out, r) x (r, in)
        _weight.add_(delta);
        _merged = true;
    }
}
