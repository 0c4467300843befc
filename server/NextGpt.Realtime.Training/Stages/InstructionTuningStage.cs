using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>Stage 3, modality-switching instruction tuning (MosIT, paper section 5): LoRA and both projectors on the
/// world's multi-turn dialogues; video's l2 weighs 2. The adapters are saved in peft's format and folded into the LLM.</summary>
public sealed class InstructionTuningStage : NextGptTrainingStage
{
    public override string Name => "3";

    protected override StageRecipe Recipe => StageRecipe.InstructionTuning;

    protected override IReadOnlyList<TrainingSample> Samples(WorldStageSamples samples, NextGptStagePreset preset,
        IReadOnlyCollection<MediaKind> readable, IReadOnlyCollection<MediaKind> producible) =>
        samples.InstructionTuning(preset.Dialogues, readable, producible);

    protected override (long Steps, double LearningRate) Length(NextGptStagePreset preset) =>
        (preset.InstructionTuningSteps, preset.InstructionTuningLr);
}
