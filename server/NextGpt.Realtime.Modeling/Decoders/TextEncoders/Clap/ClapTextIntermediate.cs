using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>dense (D -> I) then the config's activation, GELU for RoBERTa (transformers' ClapTextIntermediate).</summary>
public sealed class ClapTextIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _activation;

    [ComponentName(Name = "dense")] private readonly Linear _dense;

    public ClapTextIntermediate(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextIntermediate))
    {
        _activation = TransformersActivation.Resolve(config.HiddenAct);
        _dense = nn.Linear(config.HiddenSize, config.IntermediateSize, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <returns>(B, T, I).</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return _activation(_dense.forward(hiddenStates)).MoveToOuterDisposeScope();
    }
}
