using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>Stage 1, encoding-side LLM-centric alignment (paper section 4.1): media -> caption; the input projector learns.</summary>
public sealed class EncoderAlignmentStage : NextGptTrainingStage
{
    public override string Name => "1";

    protected override StageRecipe Recipe => StageRecipe.EncoderAlignment;

    protected override IReadOnlyList<TrainingSample> Samples(WorldStageSamples samples, NextGptStagePreset preset,
        IReadOnlyCollection<MediaKind> readable, IReadOnlyCollection<MediaKind> producible) =>
        readable.Count == 0
            ? throw new InvalidOperationException("Stage 1 needs the encoder: run `nextgpt train --stage pretrain-encoder` first.")
            : samples.EncoderAlignment(preset.CaptionsPerMedium, readable);

    protected override (long Steps, double LearningRate) Length(NextGptStagePreset preset) =>
        (preset.EncoderAlignmentSteps, preset.EncoderAlignmentLr);
}
