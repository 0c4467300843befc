using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>
/// How NExT-GPT's released tuned checkpoint (<c>pytorch_model.pt</c>, legacy <c>agent.py save_model</c>; architecture
/// notes section 7) divides into this project's components. Each row moves the keys under one legacy prefix into a
/// component folder: the LLM's LoRA adapters and resized embeddings keep peft's <c>base_model.model.</c> names (load them
/// with <see cref="Adapters.PeftWeights.LoadFile"/>), the projectors get their modules' own keys.
/// </summary>
public static class NextGptCheckpointLayout
{
    /// <summary>One component: its folder name, the legacy key prefix it takes, and what replaces that prefix.</summary>
    public sealed record Component(string Folder, string LegacyPrefix, string Replacement);

    public static IReadOnlyList<Component> Components { get; } =
    [
        // Stage 3 saves the peft-wrapped LLM; stages 1-2 (no LoRA, see agent.py save_model) save it unwrapped. Both
        // become peft names, so PeftWeights.LoadFile reads either. Rows are tried in order: the longer prefix first.
        new("llm_adapter", "llama_model.base_model.model.", "base_model.model."),
        new("llm_adapter", "llama_model.", "base_model.model."),
        new("input_projector", InputProjectorModule + ".", ""),
        new("image_output_projector", OutputProjectorModule(SignalModality.Image) + ".", ""),
        new("video_output_projector", OutputProjectorModule(SignalModality.Video) + ".", ""),
        new("audio_output_projector", OutputProjectorModule(SignalModality.Audio) + ".", ""),
    ];

    /// <summary>The legacy module name of the input projector.</summary>
    public const string InputProjectorModule = "llama_proj";

    /// <summary>The legacy module name of a medium's output projector (<c>gen_text_hidden_fcs.0</c> for images, ...).</summary>
    public static string OutputProjectorModule(SignalModality modality) => modality switch
    {
        SignalModality.Image => "gen_text_hidden_fcs.0",
        SignalModality.Video => "gen_text_hidden_fcs_video.0",
        SignalModality.Audio => "gen_text_hidden_fcs_audio.0",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown signal modality."),
    };

    /// <summary>The signal tokens each output projector reads (legacy <c>config/base.yaml</c>: 4, 24, 8); not stored in the weights.</summary>
    public static IReadOnlyDictionary<string, int> SignalTokenCounts { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["image_output_projector"] = 4,
        ["video_output_projector"] = 24,
        ["audio_output_projector"] = 8,
    };

    /// <summary>
    /// Assigns each checkpoint key to a component: folder to (legacy key, component key) pairs, plus the keys no row
    /// claims (the new NExT-GPT code's <c>mm_*_projector</c> names, for instance, are not in the released checkpoint).
    /// </summary>
    public static (IReadOnlyDictionary<string, List<(string LegacyKey, string Key)>> Components, IReadOnlyList<string> Unknown) Split(
        IEnumerable<string> keys)
    {
        var components = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var key in keys)
        {
            var row = Components.FirstOrDefault(c => key.StartsWith(c.LegacyPrefix, StringComparison.Ordinal));
            if (row is null)
            {
                unknown.Add(key);
                continue;
            }

            if (!components.TryGetValue(row.Folder, out var list))
            {
                components[row.Folder] = list = [];
            }

            list.Add((key, row.Replacement + key[row.LegacyPrefix.Length..]));
        }

        return (components, unknown);
    }
}
