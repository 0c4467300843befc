using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>The stack of <see cref="ClipEncoderLayer"/>s (transformers' CLIPEncoder; keys <c>layers.{i}.*</c>).</summary>
public sealed class ClipEncoder : nn.Module
{
    [ComponentName(Name = "layers")] private readonly ModuleList<ClipEncoderLayer> _layers;

    public ClipEncoder(ClipTextConfig config, Device? device = null) : base(nameof(ClipEncoder))
    {
        _layers = new ModuleList<ClipEncoderLayer>(
            Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new ClipEncoderLayer(config, device)).ToArray());
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="mask">Additive (B, 1, T, T) mask, or null for causal only.</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var x = hiddenStates;
        foreach (var layer in _layers)
        {
            x = layer.forward(x, mask);
        }

        return x.MoveToOuterDisposeScope();
    }
}
