using NextGpt.Realtime.Modeling.LanguageModel;

namespace NextGpt.Realtime.Training.Pretraining.Language;

/// <summary>The small LLM's size and training length per preset. Tiny: a 4-layer, 256-wide LLaMA (about 4M parameters) on
/// a byte-level BPE that spells most of the world's words as one token.</summary>
public sealed record LanguagePreset(int VocabularySize, LlamaConfig Llm, int Dialogues, long Steps, int BatchSize, double LearningRate)
{
    public static LanguagePreset For(TrainingPreset preset) => preset switch
    {
        TrainingPreset.Minimal => new(360, new LlamaConfig
        {
            HiddenSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 64, MaxPositionEmbeddings = 1024,
        }, Dialogues: 40, Steps: 30, BatchSize: 4, LearningRate: 3e-3),
        TrainingPreset.Tiny => new(1536, new LlamaConfig
        {
            HiddenSize = 256, NumHiddenLayers = 4, NumAttentionHeads = 4, IntermediateSize = 688, MaxPositionEmbeddings = 1024,
        }, Dialogues: 6000, Steps: 3200, BatchSize: 8, LearningRate: 2e-3),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };
}
