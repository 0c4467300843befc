using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>
/// CLAP's text branch with its projection (transformers' ClapTextModelWithProjection; keys <c>text_model.*</c>,
/// <c>text_projection.linear{1,2}.*</c>): AudioLDM's <c>text_encoder/</c>. The L2-normalised <c>text_embeds</c> are the
/// 512-d conditioning AudioLDM's UNet takes as class labels, and the target NExT-GPT's audio output projection is trained
/// toward (architecture notes sections 4.1 and 5.1).
/// </summary>
public sealed class ClapTextModelWithProjection : nn.Module
{
    private static readonly string[] IgnoredBuffers = ["text_model.embeddings.position_ids", "text_model.embeddings.token_type_ids"];

    [ComponentName(Name = "text_model")] private readonly ClapTextModel _textModel;
    [ComponentName(Name = "text_projection")] private readonly ClapProjectionLayer _textProjection;

    public ClapTextModelWithProjection(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextModelWithProjection))
    {
        Config = config;
        _textModel = new ClapTextModel(config, device);
        _textProjection = new ClapProjectionLayer(config, device);
        RegisterComponents();
    }

    public ClapTextConfig Config { get; }

    /// <param name="inputIds">(B, T) int64 RoBERTa ids (&lt;s&gt; first).</param>
    /// <param name="attentionMask">(B, T) 1 = token, 0 = padding, or null for all tokens.</param>
    public ClapTextModelOutput forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        if (inputIds.dim() != 2)
        {
            throw new ArgumentException($"input_ids must be (batch, length); got [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        }

        if (attentionMask is not null && !attentionMask.shape.SequenceEqual(inputIds.shape))
        {
            throw new ArgumentException(
                $"attention_mask [{string.Join(", ", attentionMask.shape)}] must have input_ids' shape [{string.Join(", ", inputIds.shape)}].",
                nameof(attentionMask));
        }

        using var scope = NewDisposeScope();
        var (hidden, pooled) = _textModel.forward(inputIds.to_type(ScalarType.Int64), attentionMask);  // (B, T, D), (B, D)
        var embeds = _textProjection.forward(pooled);                                                    // (B, D) -> (B, P)
        return new ClapTextModelOutput(embeds.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The prompt embedding exactly as AudioLDM's <c>_encode_prompt</c> hands it to the UNet: <c>text_embeds</c>
    /// L2-normalised over the last dimension. Returns (B, P).
    /// </summary>
    public Tensor EncodePrompt(Tensor inputIds, Tensor? attentionMask = null)
    {
        using var scope = NewDisposeScope();
        var output = forward(inputIds, attentionMask);
        return nn.functional.normalize(output.TextEmbeds, dim: -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Loads a transformers CLAP text folder (<c>config.json</c> and <c>*.safetensors</c>, such as AudioLDM's
    /// <c>text_encoder/</c>). The position_ids and token_type_ids buffers the checkpoint carries are ignored.
    /// </summary>
    public static ClapTextModelWithProjection FromPretrained(string directory, Device? device = null,
        ScalarType dtype = ScalarType.Float32)
    {
        var model = new ClapTextModelWithProjection(ClapTextConfig.Load(Path.Combine(directory, "config.json")), device);
        if (dtype != ScalarType.Float32)
        {
            model.to(dtype);
        }

        ModuleWeights.Load(model, ModuleWeights.FilesIn(directory), ignore: key => IgnoredBuffers.Contains(key));
        model.eval();
        return model;
    }
}
