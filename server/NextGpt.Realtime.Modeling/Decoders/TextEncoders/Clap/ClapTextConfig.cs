using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>
/// The CLAP text branch's shape (a RoBERTa encoder plus a projection), read from a transformers <c>config.json</c> as it
/// is (names and defaults of transformers' ClapTextConfig). <see cref="AudioLdm"/> is AudioLDM's <c>text_encoder/</c>.
/// </summary>
public sealed record ClapTextConfig
{
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 50265;

    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 768;

    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 12;

    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 12;

    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 3072;

    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "gelu";

    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 514;

    [JsonPropertyName("type_vocab_size")] public int TypeVocabSize { get; init; } = 1;

    [JsonPropertyName("layer_norm_eps")] public double LayerNormEps { get; init; } = 1e-12;

    [JsonPropertyName("projection_dim")] public int ProjectionDim { get; init; } = 512;

    [JsonPropertyName("projection_hidden_act")] public string ProjectionHiddenAct { get; init; } = "relu";

    /// <summary>RoBERTa's &lt;pad&gt; id; also the position index of padding (real positions start at pad + 1).</summary>
    [JsonPropertyName("pad_token_id")] public int PadTokenId { get; init; } = 1;

    /// <summary>Only "absolute" (RoBERTa's learned positions) is implemented.</summary>
    [JsonPropertyName("position_embedding_type")] public string PositionEmbeddingType { get; init; } = "absolute";

    [JsonIgnore] public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>
    /// AudioLDM's CLAP text encoder (<c>cvssp/audioldm*/text_encoder</c>, ClapTextModelWithProjection): RoBERTa-base (12
    /// layers, 768, 12 heads, 3072, vocabulary 50,265, 514 positions) projected to 512.
    /// </summary>
    public static ClapTextConfig AudioLdm { get; } = new();

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static ClapTextConfig Load(string path)
    {
        ClapTextConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ClapTextConfig>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid CLAP text config.json: {ex.Message}", ex);
        }

        (config ?? throw new InvalidDataException($"{path} is empty.")).Validate(path);
        return config;
    }

    /// <summary>Throws with the offending field when the shape is impossible or not implemented.</summary>
    public void Validate(string source = "config")
    {
        if (VocabSize <= 0 || HiddenSize <= 0 || NumHiddenLayers <= 0 || NumAttentionHeads <= 0 || IntermediateSize <= 0 ||
            MaxPositionEmbeddings <= 0 || TypeVocabSize <= 0 || ProjectionDim <= 0)
        {
            throw new InvalidDataException($"{source}: vocab_size, hidden_size, num_hidden_layers, num_attention_heads, " +
                "intermediate_size, max_position_embeddings, type_vocab_size and projection_dim must be positive.");
        }

        if (HiddenSize % NumAttentionHeads != 0)
        {
            throw new InvalidDataException($"{source}: hidden_size {HiddenSize} does not split into {NumAttentionHeads} heads.");
        }

        if (PadTokenId < 0 || PadTokenId >= MaxPositionEmbeddings || PadTokenId >= VocabSize)
        {
            throw new InvalidDataException($"{source}: pad_token_id {PadTokenId} must index both the vocabulary and the positions.");
        }

        if (PositionEmbeddingType != "absolute")
        {
            throw new InvalidDataException(
                $"{source}: position_embedding_type '{PositionEmbeddingType}' is not implemented (only 'absolute', which CLAP uses).");
        }

        TransformersActivation.Resolve(HiddenAct, source);
        TransformersActivation.Resolve(ProjectionHiddenAct, source);
    }
}
