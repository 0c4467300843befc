using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>The stack of <see cref="ClapTextLayer"/>s (transformers' ClapTextEncoder; keys <c>layer.{i}.*</c>).</summary>
public sealed class ClapTextEncoder : nn.Module
{
    [ComponentName(Name = "layer")] private readonly ModuleList<ClapTextLayer> _layer;

    public ClapTextEncoder(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextEncoder))
    {
        _layer = new ModuleList<ClapTextLayer>(
            Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new ClapTextLayer(config, device)).ToArray());
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <param name="mask">Additive (B, 1, 1, T) padding mask or null.</param>
    /// <returns>(B, T, D).</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var x = hiddenStates;
        foreach (var layer in _layer)
        {
            x = layer.forward(x, mask);
        }

        return x.MoveToOuterDisposeScope();
    }
}
