using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>
/// RoBERTa's embeddings (transformers' ClapTextEmbeddings, copied from RobertaEmbeddings): word + token-type 0 +
/// position, then LayerNorm. Positions come from the ids as fairseq numbers them: real tokens count from pad_token_id + 1,
/// padding tokens keep position pad_token_id. The checkpoint's position_ids / token_type_ids buffers are not kept.
/// </summary>
public sealed class ClapTextEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly ClapTextConfig _config;

    [ComponentName(Name = "word_embeddings")] private readonly CheckpointEmbedding _wordEmbeddings;
    [ComponentName(Name = "position_embeddings")] private readonly CheckpointEmbedding _positionEmbeddings;
    [ComponentName(Name = "token_type_embeddings")] private readonly CheckpointEmbedding _tokenTypeEmbeddings;
    [ComponentName(Name = "LayerNorm")] private readonly LayerNorm _layerNorm;

    public ClapTextEmbeddings(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextEmbeddings))
    {
        _config = config;
        _wordEmbeddings = new CheckpointEmbedding(config.VocabSize, config.HiddenSize, device);
        _positionEmbeddings = new CheckpointEmbedding(config.MaxPositionEmbeddings, config.HiddenSize, device);
        _tokenTypeEmbeddings = new CheckpointEmbedding(config.TypeVocabSize, config.HiddenSize, device);
        _layerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <param name="inputIds">(B, T) int64.</param>
    /// <returns>(B, T, D).</returns>
    public override Tensor forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        // create_position_ids_from_input_ids: (cumsum(mask) * mask) + padding_idx.
        var real = inputIds.ne(_config.PadTokenId).to_type(ScalarType.Int64);                      // (B, T)
        var positionIds = real.cumsum(1) * real + _config.PadTokenId;                               // (B, T)
        var maxPosition = positionIds.max().item<long>();
        if (maxPosition >= _config.MaxPositionEmbeddings)
        {
            throw new ArgumentException($"input_ids needs position {maxPosition}; this encoder has {_config.MaxPositionEmbeddings} " +
                $"positions (at most {_config.MaxPositionEmbeddings - _config.PadTokenId - 1} tokens).", nameof(inputIds));
        }

        using var tokenTypes = zeros_like(inputIds);
        var embeddings = _wordEmbeddings.forward(inputIds) + _tokenTypeEmbeddings.forward(tokenTypes)
            + _positionEmbeddings.forward(positionIds);                                             // (B, T, D)
        return _layerNorm.forward(embeddings).MoveToOuterDisposeScope();
    }
}
