using NextGpt.Realtime.Modeling.LanguageModel;

namespace NextGpt.Realtime.Training.Pretraining.Language;

/// <summary>The small LLM's size and training length per preset. Tiny: a 4-layer, 256-wide LLaMA (about 4M parameters) on
/// a byte-level BPE that spells most of the world's words as one token.</summary>
/// <param name="TokenizerDialogues">Dialogues the BPE learns from (training split, seeds from 0).</param>
/// <param name="Dialogues">Dialogues the LLM learns from. Tiny has about as many as its steps read (24,000 and 12,000 name drills against 5,600 x 8), so
/// few are read twice: trained on 6,000 dialogues read four times, the LLM answered held-out NPCs' "what's your
/// name?" with names in the style of the training names ("my name is Keidis") instead of copying the persona's name.</param>
/// <param name="NameDrills">Name drills (<see cref="LanguageCorpus.NameDrills"/>) mixed into the dialogues.</param>
public sealed record LanguagePreset(int VocabularySize, LlamaConfig Llm, int TokenizerDialogues, int Dialogues, int NameDrills, long Steps,
    int BatchSize, double LearningRate)
{
    public static LanguagePreset For(TrainingPreset preset) => preset switch
    {
        TrainingPreset.Minimal => new(360, new LlamaConfig
        {
            HiddenSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 64, MaxPositionEmbeddings = 1024,
        }, TokenizerDialogues: 40, Dialogues: 40, NameDrills: 8, Steps: 30, BatchSize: 4, LearningRate: 3e-3),
        TrainingPreset.Tiny => new(1536, new LlamaConfig
        {
            HiddenSize = 256, NumHiddenLayers = 4, NumAttentionHeads = 4, IntermediateSize = 688, MaxPositionEmbeddings = 1024,
        }, TokenizerDialogues: 6000, Dialogues: 24000, NameDrills: 12000, Steps: 5600, BatchSize: 8, LearningRate: 2e-3),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };
}
