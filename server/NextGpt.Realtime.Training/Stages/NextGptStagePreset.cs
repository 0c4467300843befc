using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Training.Pretraining;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// Sizes and lengths of NExT-GPT's three stages per preset. The legacy recipe trains one epoch at lr 4e-4 / 5e-4 with a
/// warmup-decay schedule (architecture notes 6.2); the tiny model learns a much smaller world and uses the newer scripts'
/// warmup-cosine schedule at a higher rate, with LoRA r16 / alpha 32 on the attention projections. Stage 2 runs 5,000 steps
/// (its l2 loss was still falling at 3,000). Stage 3 reads 2,400 dialogues (about 11,000 exchanges) for 2,000 steps of 8,
/// so few exchanges are read twice and the NPC's name is copied from the persona line rather than recalled: every input
/// medium is read by the encoder before training, which is most of a stage's time on 2 cores.
/// </summary>
public sealed record NextGptStagePreset(
    int CaptionsPerMedium,
    int Dialogues,
    long EncoderAlignmentSteps,
    long DecoderAlignmentSteps,
    long InstructionTuningSteps,
    int BatchSize,
    double EncoderAlignmentLr,
    double DecoderAlignmentLr,
    double InstructionTuningLr,
    LoraConfig Lora,
    int ProjectorWidth,
    int ProjectorLayers)
{
    public static NextGptStagePreset For(TrainingPreset preset) => preset switch
    {
        TrainingPreset.Minimal => new(8, 6, 4, 4, 4, 4, 1e-3, 1e-3, 1e-3,
            new LoraConfig(4, 8, 0.0, new HashSet<string> { "q_proj", "v_proj" }), ProjectorWidth: 32, ProjectorLayers: 1),
        TrainingPreset.Tiny => new(1500, 2400, 1500, 5000, 2000, 8, 1e-3, 1e-3, 5e-4,
            new LoraConfig(16, 32, 0.05, new HashSet<string> { "q_proj", "k_proj", "v_proj", "o_proj" }), ProjectorWidth: 128, ProjectorLayers: 2),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };
}
