using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Adapters;

/// <summary>Which parameters train when a model is tuned through LoRA.</summary>
public static class LoraTraining
{
    /// <summary>
    /// Freezes everything except the adapters and the parameters <paramref name="alsoTrain"/> names (NExT-GPT's legacy code
    /// also trains the resized <c>embed_tokens</c> and <c>lm_head</c>; architecture notes section 3). Returns the trainable ones.
    /// </summary>
    public static IReadOnlyList<(string Name, Parameter Parameter)> FreezeAllButAdapters(nn.Module module,
        Func<string, bool>? alsoTrain = null)
    {
        var trainable = new List<(string, Parameter)>();
        foreach (var (name, parameter) in module.named_parameters())
        {
            var train = name.Contains(".lora_A.", StringComparison.Ordinal) || name.Contains(".lora_B.", StringComparison.Ordinal)
                        || (alsoTrain?.Invoke(name) ?? false);
            parameter.requires_grad = train;
            if (train)
            {
                trainable.Add((name, parameter));
            }
        }

        return trainable;
    }
}
