using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// The shape of one output projector (legacy <c>TextFcLayer</c>, mode <c>transformer</c>), read from its folder's
/// <c>config.json</c>. The presets are NExT-GPT's three (architecture notes section 4.1, <c>config/base.yaml</c>): the
/// legacy image projector to SD 1.5's CLIP-L conditioning, the video projector to Zeroscope's OpenCLIP-H conditioning and
/// the audio projector to AudioLDM's CLAP embedding. <c>d_model</c> 512, 4 heads, 4 + 4 layers and feed-forward 2048 are
/// hard-coded in the legacy layer; they are fields here so small models can be built.
/// </summary>
public sealed record OutputProjectorConfig
{
    /// <summary>nn.Transformer's default LayerNorm epsilon, which TextFcLayer keeps.</summary>
    public const double LayerNormEps = 1e-5;

    /// <summary>The LLM hidden size (4096 for Vicuna-7B).</summary>
    [JsonPropertyName("in_dim")] public int InDim { get; init; } = 4096;

    /// <summary>The decoder's conditioning width (768, 1024 or 512).</summary>
    [JsonPropertyName("out_dim")] public int OutDim { get; init; } = 768;

    /// <summary>Learned queries, one per conditioning token (77, or 1 for audio).</summary>
    [JsonPropertyName("num_output_tokens")] public int NumOutputTokens { get; init; } = 77;

    /// <summary>Signal tokens the LLM emits for this modality (4 image, 24 video, 8 audio); the input length.</summary>
    [JsonPropertyName("num_input_tokens")] public int NumInputTokens { get; init; } = 4;

    [JsonPropertyName("d_model")] public int DModel { get; init; } = 512;

    [JsonPropertyName("nhead")] public int NHead { get; init; } = 4;

    [JsonPropertyName("num_encoder_layers")] public int NumEncoderLayers { get; init; } = 4;

    [JsonPropertyName("num_decoder_layers")] public int NumDecoderLayers { get; init; } = 4;

    [JsonPropertyName("dim_feedforward")] public int DimFeedforward { get; init; } = 2048;

    /// <summary>Legacy <c>gen_text_hidden_fcs</c>: [IMG0..3] -> 77 x 768 for Stable Diffusion 1.5 (31,958,784 parameters).</summary>
    public static OutputProjectorConfig Image { get; } = new() { OutDim = 768, NumOutputTokens = 77, NumInputTokens = 4 };

    /// <summary>Legacy <c>gen_text_hidden_fcs_video</c>: [VID0..23] -> 77 x 1024 for Zeroscope (32,090,112 parameters).</summary>
    public static OutputProjectorConfig Video { get; } = new() { OutDim = 1024, NumOutputTokens = 77, NumInputTokens = 24 };

    /// <summary>Legacy <c>gen_text_hidden_fcs_audio</c>: [AUD0..7] -> 1 x 512 for AudioLDM (31,788,544 parameters).</summary>
    public static OutputProjectorConfig Audio { get; } = new() { OutDim = 512, NumOutputTokens = 1, NumInputTokens = 8 };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static OutputProjectorConfig Load(string path)
    {
        OutputProjectorConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<OutputProjectorConfig>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid output projector config.json: {ex.Message}", ex);
        }

        (config ?? throw new InvalidDataException($"{path} is empty.")).Validate(path);
        return config;
    }

    /// <summary>Throws with the offending field when the shape is impossible.</summary>
    public void Validate(string source = "config")
    {
        if (InDim <= 0 || OutDim <= 0 || NumOutputTokens <= 0 || NumInputTokens <= 0 || DModel <= 0 || NHead <= 0 ||
            NumEncoderLayers < 0 || NumDecoderLayers < 0 || DimFeedforward <= 0)
        {
            throw new InvalidDataException($"{source}: in_dim, out_dim, num_output_tokens, num_input_tokens, d_model, nhead " +
                "and dim_feedforward must be positive, the layer counts not negative.");
        }

        if (DModel % NHead != 0)
        {
            throw new InvalidDataException($"{source}: d_model {DModel} does not split into {NHead} heads.");
        }
    }
}
