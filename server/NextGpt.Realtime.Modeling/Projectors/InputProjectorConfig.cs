using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// The input projector's shape, read from its folder's <c>config.json</c>: ImageBind's embedding width in, the LLM's
/// hidden size out. <see cref="Legacy"/> is NExT-GPT's released <c>llama_proj</c>, Linear(1024 -> 4096).
/// </summary>
public sealed record InputProjectorConfig
{
    [JsonPropertyName("in_dim")] public int InDim { get; init; } = 1024;

    [JsonPropertyName("out_dim")] public int OutDim { get; init; } = 4096;

    /// <summary>Legacy <c>llama_proj</c> (4,198,400 parameters).</summary>
    public static InputProjectorConfig Legacy { get; } = new();

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static InputProjectorConfig Load(string path)
    {
        InputProjectorConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<InputProjectorConfig>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid input projector config.json: {ex.Message}", ex);
        }

        config = config ?? throw new InvalidDataException($"{path} is empty.");
        if (config.InDim <= 0 || config.OutDim <= 0)
        {
            throw new InvalidDataException($"{path}: in_dim and out_dim must be positive.");
        }

        return config;
    }
}
