using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// PyTorch's <c>nn.Transformer(norm_first=True, batch_first=True, dropout=0)</c> without masks, with its state-dict layout
/// (<c>encoder.layers.{i}.*</c>, <c>encoder.norm</c>, <c>decoder.layers.{i}.*</c>, <c>decoder.norm</c>): the encoder stack
/// and its final LayerNorm give the memory; the decoder stack attends to it and ends with its own LayerNorm.
/// </summary>
public sealed class PreNormTransformer : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "encoder")] private readonly LayerStack<PreNormTransformerEncoderLayer> _encoder;
    [ComponentName(Name = "decoder")] private readonly LayerStack<PreNormTransformerDecoderLayer> _decoder;

    public PreNormTransformer(OutputProjectorConfig config, Device? device = null) : base(nameof(PreNormTransformer))
    {
        _encoder = new LayerStack<PreNormTransformerEncoderLayer>(config,
            Enumerable.Range(0, config.NumEncoderLayers).Select(_ => new PreNormTransformerEncoderLayer(config, device)), device);
        _decoder = new LayerStack<PreNormTransformerDecoderLayer>(config,
            Enumerable.Range(0, config.NumDecoderLayers).Select(_ => new PreNormTransformerDecoderLayer(config, device)), device);
        RegisterComponents();
    }

    /// <param name="source">(B, S, d_model).</param>
    /// <param name="target">(B, T, d_model).</param>
    /// <returns>(B, T, d_model).</returns>
    public override Tensor forward(Tensor source, Tensor target)
    {
        using var scope = NewDisposeScope();
        var memory = source;
        foreach (var layer in _encoder.Layers)
        {
            memory = layer.forward(memory);
        }

        memory = _encoder.Norm.forward(memory);                       // (B, S, d_model)
        var output = target;
        foreach (var layer in _decoder.Layers)
        {
            output = layer.forward(output, memory);
        }

        return _decoder.Norm.forward(output).MoveToOuterDisposeScope(); // (B, T, d_model)
    }

    /// <summary>nn.TransformerEncoder / nn.TransformerDecoder's parameters: <c>layers.{i}</c> and the final <c>norm</c>.</summary>
    private sealed class LayerStack<TLayer> : nn.Module where TLayer : nn.Module
    {
        [ComponentName(Name = "layers")] private readonly ModuleList<TLayer> _layers;
        [ComponentName(Name = "norm")] private readonly LayerNorm _norm;

        public LayerStack(OutputProjectorConfig config, IEnumerable<TLayer> layers, Device? device) : base("TransformerStack")
        {
            _layers = new ModuleList<TLayer>(layers.ToArray());
            _norm = nn.LayerNorm(config.DModel, OutputProjectorConfig.LayerNormEps, device: device);
            RegisterComponents();
        }

        public IEnumerable<TLayer> Layers => _layers;

        public LayerNorm Norm => _norm;
    }
}
