using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>linear1 (D -> P), projection_hidden_act (ReLU), linear2 (P -> P) (transformers' ClapProjectionLayer).</summary>
public sealed class ClapProjectionLayer : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _activation;

    [ComponentName(Name = "linear1")] private readonly Linear _linear1;
    [ComponentName(Name = "linear2")] private readonly Linear _linear2;

    public ClapProjectionLayer(ClapTextConfig config, Device? device = null) : base(nameof(ClapProjectionLayer))
    {
        _activation = TransformersActivation.Resolve(config.ProjectionHiddenAct);
        _linear1 = nn.Linear(config.HiddenSize, config.ProjectionDim, device: device);
        _linear2 = nn.Linear(config.ProjectionDim, config.ProjectionDim, device: device);
        RegisterComponents();
    }

    /// <param name="pooled">(B, D).</param>
    /// <returns>(B, P).</returns>
    public override Tensor forward(Tensor pooled)
    {
        using var scope = NewDisposeScope();
        var inner = _activation(_linear1.forward(pooled));                      // (B, D) -> (B, P)
        return _linear2.forward(inner).MoveToOuterDisposeScope();               // (B, P)
    }
}
