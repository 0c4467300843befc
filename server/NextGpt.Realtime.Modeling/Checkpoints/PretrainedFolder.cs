using System.Text.Json;
using TorchSharp;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>
/// Writes a component the way transformers' and diffusers' <c>save_pretrained</c> lay it out: <c>config.json</c> (the
/// config record serialised with its snake_case property names, so the same class's <c>Load</c> reads it back) and the
/// module's state dict as one safetensors file. Every <c>FromPretrained</c> of the project reads such a folder, so the
/// models the project trains and the checkpoints users convert share one format.
/// </summary>
public static class PretrainedFolder
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";

    private static readonly JsonSerializerOptions ConfigJson = new() { WriteIndented = true };

    /// <param name="skip">State-dict keys not to write (for example buffers recomputed at load time).</param>
    /// <param name="dtype">Storage dtype of floating-point weights; null keeps each tensor's own.</param>
    public static void Save<TConfig>(string directory, TConfig config, torch.nn.Module module, Func<string, bool>? skip = null,
        torch.ScalarType? dtype = null)
        where TConfig : class
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, ConfigJson));
        SaveWeights(Path.Combine(directory, WeightsFile), module, skip, dtype);
    }

    /// <summary>Writes a module's state dict (or part of it) to one safetensors file.</summary>
    public static void SaveWeights(string path, torch.nn.Module module, Func<string, bool>? skip = null, torch.ScalarType? dtype = null)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = module.state_dict()
            .Where(entry => skip is null || !skip(entry.Key))
            .ToDictionary(
                entry => entry.Key,
                entry => dtype is { } storage && entry.Value.is_floating_point()
                    ? entry.Value.detach().to(storage, torch.CPU).contiguous()
                    : entry.Value.detach().cpu().contiguous(),
                StringComparer.Ordinal);
        SafeTensorsFile.Save(path, tensors);
    }
}
