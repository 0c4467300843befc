using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>
/// The RoBERTa text tower with its pooler (transformers' ClapTextModel; keys <c>embeddings.*</c>, <c>encoder.layer.{i}.*</c>,
/// <c>pooler.dense.*</c>).
/// </summary>
public sealed class ClapTextModel : nn.Module
{
    [ComponentName(Name = "embeddings")] private readonly ClapTextEmbeddings _embeddings;
    [ComponentName(Name = "encoder")] private readonly ClapTextEncoder _encoder;
    [ComponentName(Name = "pooler")] private readonly ClapTextPooler _pooler;

    public ClapTextModel(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextModel))
    {
        config.Validate();
        _embeddings = new ClapTextEmbeddings(config, device);
        _encoder = new ClapTextEncoder(config, device);
        _pooler = new ClapTextPooler(config, device);
        RegisterComponents();
    }

    /// <param name="inputIds">(B, T) int64.</param>
    /// <param name="attentionMask">(B, T) 1 = token, 0 = padding, or null for all tokens.</param>
    /// <returns>The last hidden state (B, T, D) and the pooled output (B, D).</returns>
    public (Tensor LastHiddenState, Tensor PoolerOutput) forward(Tensor inputIds, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = _embeddings.forward(inputIds);                                           // (B, T) -> (B, T, D)
        // BERT's extended mask: (1 - mask) * finfo.min, broadcast over heads and query positions.
        var mask = attentionMask is null
            ? null
            : zeros(attentionMask.shape, dtype: hidden.dtype, device: hidden.device)
                .masked_fill(attentionMask.eq(0), MostNegative(hidden.dtype)).view(inputIds.shape[0], 1, 1, inputIds.shape[1]);
        hidden = _encoder.forward(hidden, mask);                                             // (B, T, D)
        var pooled = _pooler.forward(hidden);                                                // (B, D)
        return (hidden.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }

    private static double MostNegative(ScalarType dtype) =>
        dtype == ScalarType.Float64 ? double.MinValue : dtype == ScalarType.Float16 ? -65504.0 : float.MinValue;
}
