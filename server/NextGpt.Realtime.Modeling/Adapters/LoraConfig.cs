using System.Text.Json;

namespace NextGpt.Realtime.Modeling.Adapters;

/// <summary>
/// Low-rank adaptation (Hu et al., 2021) settings. The default is NExT-GPT's legacy stage-3 configuration
/// (config/stage_3.yaml: r 32, alpha 32, dropout 0.1 on q, k, v, o; architecture notes section 3).
/// </summary>
/// <param name="Rank">r, the adapter's inner dimension.</param>
/// <param name="Alpha">Scale numerator: the update is (alpha / r) * B A.</param>
/// <param name="Dropout">Dropout on the adapter's input while training.</param>
/// <param name="TargetModules">Projection names that get adapters (attention q/k/v/o_proj, MLP gate/up/down_proj).</param>
public sealed record LoraConfig(int Rank, double Alpha, double Dropout, IReadOnlySet<string> TargetModules)
{
    /// <summary>The LLaMA projections an adapter can wrap.</summary>
    public static IReadOnlySet<string> KnownModules { get; } =
        new HashSet<string> { "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj" };

    /// <summary>NExT-GPT legacy stage 3: r 32, alpha 32, dropout 0.1 on the attention projections (33,554,432 parameters).</summary>
    public static LoraConfig NextGpt { get; } = new(32, 32, 0.1, new HashSet<string> { "q_proj", "k_proj", "v_proj", "o_proj" });

    /// <summary>The new NExT-GPT code's fine-tuning adapters: r 128, alpha 256, dropout 0.05 on every linear layer of the
    /// decoder (scripts/finetune.sh, train.py find_all_linear_names).</summary>
    public static LoraConfig NextGptV15 { get; } = new(128, 256, 0.05, KnownModules);

    public double Scaling => Alpha / Rank;

    /// <summary>Throws with the offending setting.</summary>
    public void Validate()
    {
        if (Rank <= 0 || Alpha <= 0 || Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"LoRA needs r > 0, alpha > 0 and dropout in [0, 1); got r {Rank}, alpha {Alpha}, dropout {Dropout}.");
        }

        var unknown = TargetModules.Where(m => !KnownModules.Contains(m)).ToList();
        if (unknown.Count > 0 || TargetModules.Count == 0)
        {
            throw new ArgumentException(
                $"LoRA target modules must be among {string.Join(", ", KnownModules)}; got [{string.Join(", ", TargetModules)}].");
        }
    }

    /// <summary>Reads peft's <c>adapter_config.json</c> (r, lora_alpha, lora_dropout, target_modules).</summary>
    public static LoraConfig FromPeftConfig(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var targets = root.GetProperty("target_modules");
            var modules = targets.ValueKind == JsonValueKind.Array
                ? targets.EnumerateArray().Select(t => t.GetString() ?? "").ToHashSet()
                : [targets.GetString() ?? ""];
            var dropout = root.TryGetProperty("lora_dropout", out var d) ? d.GetDouble() : 0.0;
            var config = new LoraConfig(root.GetProperty("r").GetInt32(), root.GetProperty("lora_alpha").GetDouble(), dropout, modules);
            config.Validate();
            return config;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
                                       or ArgumentException)
        {
            throw new InvalidDataException($"{path} is not a usable peft LoRA adapter_config.json: {ex.Message}", ex);
        }
    }
}
