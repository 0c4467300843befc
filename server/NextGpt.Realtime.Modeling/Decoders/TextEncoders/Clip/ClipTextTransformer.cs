using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// Embeddings, the causal pre-LN encoder and the final LayerNorm, with the end-of-text pooling (transformers'
/// CLIPTextTransformer; keys <c>embeddings.*</c>, <c>encoder.layers.{i}.*</c>, <c>final_layer_norm.*</c>).
/// </summary>
public sealed class ClipTextTransformer : nn.Module
{
    private readonly ClipTextConfig _config;

    [ComponentName(Name = "embeddings")] private readonly ClipTextEmbeddings _embeddings;
    [ComponentName(Name = "encoder")] private readonly ClipEncoder _encoder;
    [ComponentName(Name = "final_layer_norm")] private readonly LayerNorm _finalLayerNorm;

    public ClipTextTransformer(ClipTextConfig config, Device? device = null) : base(nameof(ClipTextTransformer))
    {
        config.Validate();
        _config = config;
        _embeddings = new ClipTextEmbeddings(config, device);
        _encoder = new ClipEncoder(config, device);
        _finalLayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <param name="inputIds">(B, T) int64 token ids, T at most max_position_embeddings.</param>
    /// <param name="attentionMask">Optional (B, T) 1 = token, 0 = padding; Stable Diffusion 1.5 passes none (its padding is
    /// attended to, causally, and the conditioning depends on it).</param>
    public ClipTextOutput forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        if (inputIds.dim() != 2)
        {
            throw new ArgumentException($"input_ids must be (batch, length); got [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        }

        var (batch, length) = (inputIds.shape[0], inputIds.shape[1]);
        if (length > _config.MaxPositionEmbeddings || length == 0)
        {
            throw new ArgumentException(
                $"input_ids has {length} positions; this CLIP text encoder takes 1 to {_config.MaxPositionEmbeddings}.", nameof(inputIds));
        }

        if (attentionMask is not null && !attentionMask.shape.SequenceEqual(inputIds.shape))
        {
            throw new ArgumentException(
                $"attention_mask [{string.Join(", ", attentionMask.shape)}] must have input_ids' shape [{batch}, {length}].", nameof(attentionMask));
        }

        using var scope = NewDisposeScope();
        var ids = inputIds.to_type(ScalarType.Int64);
        var hidden = _embeddings.forward(ids);                                                   // (B, T) -> (B, T, D)
        var mask = attentionMask is null ? null : BuildMask(attentionMask, length, hidden.dtype);
        hidden = _finalLayerNorm.forward(_encoder.forward(hidden, mask));                        // (B, T, D)

        var index = _config.EosTokenId == 2 ? ids.argmax(-1) : ids.eq(_config.EosTokenId).to_type(ScalarType.Int32).argmax(-1);
        var gather = index.view(batch, 1, 1).expand(batch, 1, hidden.shape[2]);
        var pooled = hidden.gather(1, gather).squeeze(1);                                        // (B, T, D) -> (B, D)
        return new ClipTextOutput(hidden.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The causal mask combined with the padding mask, as one additive (B, 1, T, T) mask holding the dtype's most negative
    /// value where attention is blocked (transformers adds finfo.min masks; a finite value keeps an all-blocked row finite).
    /// </summary>
    private static Tensor BuildMask(Tensor attentionMask, long length, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var device = attentionMask.device;
        var future = ones(length, length, dtype: ScalarType.Bool, device: device).triu(1);             // (T, T)
        var padding = attentionMask.eq(0).unsqueeze(1).unsqueeze(1);                                    // (B, 1, 1, T)
        var blocked = future.unsqueeze(0).unsqueeze(0).logical_or(padding);                             // (B, 1, T, T)
        var minimum = dtype == ScalarType.Float64 ? double.MinValue : dtype == ScalarType.Float16 ? -65504.0 : float.MinValue;
        var mask = zeros(blocked.shape, dtype: dtype, device: device).masked_fill(blocked, minimum);
        return mask.MoveToOuterDisposeScope();
    }
}
