using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// Reads diffusers' <c>config.json</c> / <c>scheduler_config.json</c> files as written by <c>save_config</c>: snake_case keys,
/// unknown keys ignored (they describe features a checkpoint leaves at their defaults), malformed files reported with
/// their path. Also serves the known configurations embedded in this assembly (Decoders/Diffusion/Configs/*.json).
/// </summary>
public static partial class DiffusersJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Parses a config file; <paramref name="what"/> names the expected content in error messages.</summary>
    public static T Load<T>(string path, string what)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{what} was not found at {path}.", path);
        }

        return Parse<T>(File.ReadAllText(path), path, what);
    }

    /// <summary>Parses config text; <paramref name="source"/> names where it came from in error messages.</summary>
    public static T Parse<T>(string json, string source, string what)
        where T : class
    {
        try
        {
            // Python's json writes -Infinity/Infinity/NaN bare (DPMSolver's lambda_min_clipped); JSON needs them quoted.
            var standard = NonFiniteNumber().Replace(json, match => $"{match.Groups[1].Value}\"{match.Groups[2].Value}\"");
            return JsonSerializer.Deserialize<T>(standard, Options) ?? throw new InvalidDataException($"{source} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not a valid {what}: {ex.Message}", ex);
        }
    }

    /// <summary>The <c>_class_name</c> a config file declares (for example <c>UNet3DConditionModel</c>), or null when it
    /// declares none.</summary>
    public static string? ClassName(string path) => Load<ClassNameOnly>(path, "config.json").ClassName;

    /// <summary>The text of an embedded known configuration, for example <c>sd15-unet</c>.</summary>
    public static string Embedded(string name)
    {
        var resource = $"NextGpt.Realtime.Modeling.Decoders.Diffusion.Configs.{name}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
                           ?? throw new ArgumentException($"No embedded diffusion config named '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class ClassNameOnly
    {
        [JsonPropertyName("_class_name")] public string? ClassName { get; init; }
    }

    [GeneratedRegex(@"(:\s*)(-?Infinity|NaN)(?=\s*[,}\]])")]
    private static partial Regex NonFiniteNumber();
}
