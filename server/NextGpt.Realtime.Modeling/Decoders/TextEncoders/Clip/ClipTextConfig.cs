using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// A CLIP text encoder's shape, read from a transformers <c>config.json</c> as it is (property names and defaults of
/// transformers' CLIPTextConfig). <see cref="StableDiffusion15"/> is the encoder SD 1.5 ships in <c>text_encoder/</c>.
/// </summary>
public sealed record ClipTextConfig
{
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 49408;

    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 512;

    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 2048;

    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 12;

    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 8;

    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 77;

    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "quick_gelu";

    [JsonPropertyName("layer_norm_eps")] public double LayerNormEps { get; init; } = 1e-5;

    /// <summary>
    /// Where <c>pooler_output</c> is taken. openai's converted configs (SD 1.5 included) say 2, which is not their
    /// end-of-text id; transformers keeps pooling those at the argmax of the ids (end-of-text is the largest id) and pools
    /// other configs at the first <c>eos_token_id</c> (modeling_clip.py, since PR #24773).
    /// </summary>
    [JsonPropertyName("eos_token_id")] public int EosTokenId { get; init; } = 49407;

    [JsonIgnore] public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>
    /// CLIP ViT-L/14's text tower as <c>runwayml/stable-diffusion-v1-5/text_encoder/config.json</c> gives it: 12 layers,
    /// width 768, 12 heads, MLP 3072, 49,408 tokens, 77 positions, quick_gelu, LayerNorm eps 1e-5, eos_token_id 2.
    /// </summary>
    public static ClipTextConfig StableDiffusion15 { get; } = new()
    {
        VocabSize = 49408,
        HiddenSize = 768,
        IntermediateSize = 3072,
        NumHiddenLayers = 12,
        NumAttentionHeads = 12,
        MaxPositionEmbeddings = 77,
        HiddenAct = "quick_gelu",
        LayerNormEps = 1e-5,
        EosTokenId = 2,
    };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static ClipTextConfig Load(string path)
    {
        ClipTextConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ClipTextConfig>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid CLIP text config.json: {ex.Message}", ex);
        }

        (config ?? throw new InvalidDataException($"{path} is empty.")).Validate(path);
        return config;
    }

    /// <summary>Throws with the offending field when the shape is impossible.</summary>
    public void Validate(string source = "config")
    {
        if (VocabSize <= 0 || HiddenSize <= 0 || IntermediateSize <= 0 || NumHiddenLayers <= 0 || NumAttentionHeads <= 0 ||
            MaxPositionEmbeddings <= 0)
        {
            throw new InvalidDataException($"{source}: vocab_size, hidden_size, intermediate_size, num_hidden_layers, " +
                "num_attention_heads and max_position_embeddings must be positive.");
        }

        if (HiddenSize % NumAttentionHeads != 0)
        {
            throw new InvalidDataException($"{source}: hidden_size {HiddenSize} does not split into {NumAttentionHeads} heads.");
        }

        TransformersActivation.Resolve(HiddenAct, source);
    }
}
