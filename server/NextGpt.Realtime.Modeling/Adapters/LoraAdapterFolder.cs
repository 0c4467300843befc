using System.Text.Json;
using NextGpt.Realtime.Modeling.Checkpoints;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Adapters;

/// <summary>
/// Writes a model's LoRA adapters as peft saves them (<c>save_pretrained</c>): <c>adapter_config.json</c> and
/// <c>adapter_model.safetensors</c> with keys <c>base_model.model.{module}.lora_A.weight</c>, which
/// <see cref="PeftWeights.LoadFile"/> and peft itself read back.
/// </summary>
public static class LoraAdapterFolder
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";

    public static void Save(string directory, nn.Module model, LoraConfig config)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["r"] = config.Rank,
            ["lora_alpha"] = config.Alpha,
            ["lora_dropout"] = config.Dropout,
            ["target_modules"] = config.TargetModules.Order(StringComparer.Ordinal).ToArray(),
            ["bias"] = "none",
        }, new JsonSerializerOptions { WriteIndented = true }));

        using var scope = NewDisposeScope();
        var adapters = model.state_dict()
            .Where(entry => entry.Key.Contains(".lora_", StringComparison.Ordinal))
            .ToDictionary(
                entry => PeftWeights.PeftPrefix + entry.Key.Replace(".default.", ".", StringComparison.Ordinal),
                entry => entry.Value.detach().cpu().contiguous(),
                StringComparer.Ordinal);
        if (adapters.Count == 0)
        {
            throw new ArgumentException("The model has no LoRA adapters to save.", nameof(model));
        }

        SafeTensorsFile.Save(Path.Combine(directory, WeightsFile), adapters);
    }
}
