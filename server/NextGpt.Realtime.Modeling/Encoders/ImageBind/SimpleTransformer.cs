using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// One modality trunk (ImageBind's <c>SimpleTransformer</c>): an optional <c>pre_transformer_layer</c> LayerNorm (eps
/// 1e-6; the vision trunk has it, key <c>pre_transformer_layer.0</c>), then <c>blocks.{i}</c>. ImageBind runs the blocks in
/// (L, B, D) layout through einops rearranges; that only moves the batch axis, so this runs batch-first.
/// </summary>
public sealed class SimpleTransformer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "pre_transformer_layer")] private readonly Sequential? _preTransformerLayer;
    [ComponentName(Name = "blocks")] private readonly ModuleList<BlockWithMasking> _blocks;

    public SimpleTransformer(long dimension, int blocks, long heads, bool preTransformerLayerNorm, bool addBiasKv,
        Device? device = null) : base(nameof(SimpleTransformer))
    {
        if (preTransformerLayerNorm)
        {
            _preTransformerLayer = nn.Sequential(("0", nn.LayerNorm(dimension, 1e-6, device: device)));
        }

        _blocks = new ModuleList<BlockWithMasking>(
            Enumerable.Range(0, blocks).Select(_ => new BlockWithMasking(dimension, heads, addBiasKv, device)).ToArray());
        RegisterComponents();
    }

    /// <param name="tokens">(B, L, D).</param>
    /// <returns>(B, L, D).</returns>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var x = _preTransformerLayer?.forward(tokens) ?? tokens;
        foreach (var block in _blocks)
        {
            x = block.forward(x);
        }

        return x.MoveToOuterDisposeScope();
    }
}
