using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// Token plus learned absolute position embeddings (transformers' CLIPTextEmbeddings). The checkpoint's
/// <c>position_ids</c> buffer is not kept: positions are always 0..T-1.
/// </summary>
public sealed class ClipTextEmbeddings : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "token_embedding")] private readonly CheckpointEmbedding _tokenEmbedding;
    [ComponentName(Name = "position_embedding")] private readonly CheckpointEmbedding _positionEmbedding;

    public ClipTextEmbeddings(ClipTextConfig config, Device? device = null) : base(nameof(ClipTextEmbeddings))
    {
        _tokenEmbedding = new CheckpointEmbedding(config.VocabSize, config.HiddenSize, device);
        _positionEmbedding = new CheckpointEmbedding(config.MaxPositionEmbeddings, config.HiddenSize, device);
        RegisterComponents();
    }

    /// <param name="inputIds">(B, T) int64, T at most max_position_embeddings.</param>
    /// <returns>(B, T, D).</returns>
    public override Tensor forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        using var positions = arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device);
        var embeddings = _tokenEmbedding.forward(inputIds) + _positionEmbedding.forward(positions).unsqueeze(0); // (B, T, D)
        return embeddings.MoveToOuterDisposeScope();
    }
}
