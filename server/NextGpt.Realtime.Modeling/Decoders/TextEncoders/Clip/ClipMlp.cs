using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>fc1, the config's activation (quick_gelu for openai's CLIP), fc2 (transformers' CLIPMLP).</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _activation;

    [ComponentName(Name = "fc1")] private readonly Linear _fc1;
    [ComponentName(Name = "fc2")] private readonly Linear _fc2;

    public ClipMlp(ClipTextConfig config, Device? device = null) : base(nameof(ClipMlp))
    {
        _activation = TransformersActivation.Resolve(config.HiddenAct);
        _fc1 = nn.Linear(config.HiddenSize, config.IntermediateSize, device: device);
        _fc2 = nn.Linear(config.IntermediateSize, config.HiddenSize, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <returns>(B, T, D).</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var inner = _activation(_fc1.forward(hiddenStates));                 // (B, T, D) -> (B, T, I)
        return _fc2.forward(inner).MoveToOuterDisposeScope();                // (B, T, I) -> (B, T, D)
    }
}
