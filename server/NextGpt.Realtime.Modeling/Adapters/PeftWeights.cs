using NextGpt.Realtime.Modeling.Checkpoints;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Adapters;

/// <summary>
/// Loads the tuned weights peft saved for a LoRA model (adapters, and with them any tuned full matrices such as
/// NExT-GPT's resized <c>embed_tokens</c> and <c>lm_head</c>) into a model built with the matching
/// <see cref="LoraConfig"/>. Keys are peft's: the model sits under <c>base_model.model.</c>, adapters are
/// <c>lora_A.default.weight</c> (peft 0.3, NExT-GPT's checkpoint) or <c>lora_A.weight</c> (adapter_model files written by
/// later peft versions' save_pretrained), wrapped base weights <c>weight</c> (peft 0.3) or <c>base_layer.weight</c> (peft 0.7+).
/// </summary>
public static class PeftWeights
{
    /// <summary>Where peft's PeftModelForCausalLM keeps the wrapped model.</summary>
    public const string PeftPrefix = "base_model.model.";

    /// <summary>NExT-GPT's legacy pytorch_model.pt nests the peft model under <c>llama_model</c> (architecture notes section 7).</summary>
    public const string NextGptPrefix = "llama_model." + PeftPrefix;

    /// <summary>
    /// Copies every tensor whose key starts with <paramref name="prefix"/> into the model, strictly: each must name a
    /// parameter of the model with the same shape, and every LoRA adapter the model has must be among them. Keys with
    /// other prefixes (NExT-GPT's projectors in the same file) are left to the caller.
    /// </summary>
    /// <returns>The source keys that were loaded.</returns>
    public static IReadOnlyList<string> Load(nn.Module model, IReadOnlyDictionary<string, Tensor> tensors, string prefix = PeftPrefix)
    {
        var targets = model.state_dict();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var key in tensors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = ToModuleKey(key[prefix.Length..]);
            if (targets.ContainsKey(name))
            {
                sources[name] = key;
            }
            else
            {
                unknown.Add(key);
            }
        }

        var missing = targets.Keys.Where(k => k.Contains(".lora_", StringComparison.Ordinal) && !sources.ContainsKey(k)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new InvalidDataException(
                $"The adapter weights do not match the model (is its LoraConfig the checkpoint's?): {unknown.Count} keys under " +
                $"'{prefix}' name no parameter ({Preview(unknown)}), {missing.Count} adapter weights are missing ({Preview(missing)}).");
        }

        using var noGrad = no_grad();
        foreach (var (name, key) in sources)
        {
            var target = targets[name];
            var source = tensors[key];
            if (!source.shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException(
                    $"{key}: the checkpoint has shape [{string.Join(", ", source.shape)}], the model expects " +
                    $"[{string.Join(", ", target.shape)}] (added tokens need ResizeTokenEmbeddings first).");
            }

            using var converted = source.to(target.dtype, target.device);
            target.copy_(converted);
        }

        return [.. sources.Values];
    }

    /// <summary>Loads a safetensors adapter file (peft's adapter_model.safetensors, or a converted NExT-GPT checkpoint).</summary>
    public static IReadOnlyList<string> LoadFile(nn.Module model, string path, string prefix = PeftPrefix)
    {
        var tensors = SafeTensorsFile.Load(path);
        try
        {
            return Load(model, tensors, prefix);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static string ToModuleKey(string key) => key
        .Replace(".lora_A.weight", ".lora_A.default.weight", StringComparison.Ordinal)
        .Replace(".lora_B.weight", ".lora_B.default.weight", StringComparison.Ordinal)
        .Replace(".base_layer.weight", ".weight", StringComparison.Ordinal);

    private static string Preview(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Take(3)) + (keys.Count > 3 ? ", ..." : "");
}
