using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>
/// A LLaMA decoder's shape, read from a Hugging Face <c>config.json</c> as it is (property names as in transformers'
/// LlamaConfig). Known configurations are static properties; derive variants with <c>with</c>.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>LLaMA's SentencePiece vocabulary size.</summary>
    public const int VicunaVocabSize = 32000;

    /// <summary>The vocabulary after NExT-GPT's legacy added tokens.</summary>
    public const int NextGptVocabSize = 32038;

    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; }

    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; }

    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; }

    /// <summary>Key/value heads for grouped-query attention; absent in LLaMA-1 configs, meaning one per query head.</summary>
    [JsonPropertyName("num_key_value_heads")] public int? NumKeyValueHeads { get; init; }

    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; }

    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-6;

    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000.0;

    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; }

    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 2048;

    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; }

    /// <summary>The MLP's activation; LLaMA uses SiLU (SwiGLU), the only one implemented.</summary>
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";

    /// <summary>RoPE scaling (linear, dynamic, llama3, yarn ...); absent or null in LLaMA-1/2 and Vicuna configs.</summary>
    [JsonPropertyName("rope_scaling")] public JsonElement? RopeScaling { get; init; }

    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; }

    [JsonPropertyName("eos_token_id")] public int? EosTokenId { get; init; }

    [JsonIgnore] public int KeyValueHeads => NumKeyValueHeads ?? NumAttentionHeads;

    [JsonIgnore] public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>
    /// Vicuna-7B v0 as its checkpoint's config.json describes it (LLaMA-7B: 32 layers, d 4096, 32 heads, SwiGLU 11008,
    /// RMSNorm eps 1e-6, RoPE theta 10000, context 2048, SentencePiece vocabulary of 32,000; architecture notes section 3).
    /// </summary>
    public static LlamaConfig Vicuna7B { get; } = new()
    {
        HiddenSize = 4096,
        NumHiddenLayers = 32,
        NumAttentionHeads = 32,
        IntermediateSize = 11008,
        RmsNormEps = 1e-6,
        VocabSize = VicunaVocabSize,
        MaxPositionEmbeddings = 2048,
        BosTokenId = 1,
        EosTokenId = 2,
    };

    /// <summary>
    /// Vicuna-7B after NExT-GPT's 38 added tokens (<c>&lt;Img&gt;</c>, <c>&lt;/Img&gt;</c>, [IMG0..3], [VID0..23],
    /// [AUD0..7]: ids 32000-32037) and <c>resize_token_embeddings</c>: 32,038 rows in embed_tokens and lm_head, the
    /// shapes of the released checkpoint (architecture notes sections 2.1 and 7).
    /// </summary>
    public static LlamaConfig NextGptVicuna7B { get; } = Vicuna7B with { VocabSize = NextGptVocabSize };

    /// <summary>A small configuration for CPU tests and benchmarks (4 layers, d 256, GQA 8/4 heads).</summary>
    public static LlamaConfig Tiny { get; } = new()
    {
        HiddenSize = 256,
        NumHiddenLayers = 4,
        NumAttentionHeads = 8,
        NumKeyValueHeads = 4,
        IntermediateSize = 688,
        RmsNormEps = 1e-6,
        VocabSize = 4096,
        MaxPositionEmbeddings = 1024,
    };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static LlamaConfig Load(string path)
    {
        LlamaConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<LlamaConfig>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid LLaMA config.json: {ex.Message}", ex);
        }

        (config ?? throw new InvalidDataException($"{path} is empty.")).Validate(path);
        return config;
    }

    /// <summary>Throws with the offending field when the shape is impossible.</summary>
    public void Validate(string source = "config")
    {
        if (HiddenSize <= 0 || NumHiddenLayers <= 0 || NumAttentionHeads <= 0 || IntermediateSize <= 0 || VocabSize <= 0)
        {
            throw new InvalidDataException(
                $"{source}: hidden_size, num_hidden_layers, num_attention_heads, intermediate_size and vocab_size must be positive.");
        }

        if (HiddenSize % NumAttentionHeads != 0 || HeadDim % 2 != 0)
        {
            throw new InvalidDataException($"{source}: hidden_size {HiddenSize} must split into {NumAttentionHeads} heads of even size.");
        }

        if (KeyValueHeads <= 0 || NumAttentionHeads % KeyValueHeads != 0)
        {
            throw new InvalidDataException($"{source}: num_attention_heads {NumAttentionHeads} must be a multiple of num_key_value_heads {KeyValueHeads}.");
        }

        if (!string.Equals(HiddenAct, "silu", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: hidden_act '{HiddenAct}' is not supported; LLaMA's MLP is SwiGLU ('silu').");
        }

        if (RopeScaling is { ValueKind: not JsonValueKind.Null })
        {
            throw new InvalidDataException(
                $"{source}: rope_scaling {RopeScaling} is not supported; only plain RoPE (LLaMA-1/2, Vicuna v0/v1.5) is implemented.");
        }

        if (RmsNormEps <= 0 || RopeTheta <= 0)
        {
            throw new InvalidDataException($"{source}: rms_norm_eps and rope_theta must be positive.");
        }
    }
}
