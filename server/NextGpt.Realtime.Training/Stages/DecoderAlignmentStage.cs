using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>Stage 2, decoding-side instruction-following alignment (paper section 4.2): caption -> signal tokens whose
/// projected hidden states match the decoder's text conditioning; the output projectors learn (CE + l2).</summary>
public sealed class DecoderAlignmentStage : NextGptTrainingStage
{
    public override string Name => "2";

    protected override StageRecipe Recipe => StageRecipe.DecoderAlignment;

    protected override IReadOnlyList<TrainingSample> Samples(WorldStageSamples samples, NextGptStagePreset preset,
        IReadOnlyCollection<MediaKind> readable, IReadOnlyCollection<MediaKind> producible) =>
        producible.Count == 0
            ? throw new InvalidOperationException("Stage 2 needs a decoder with its text encoder: run a pretrain-image/audio/video stage first.")
            : samples.DecoderAlignment(preset.CaptionsPerMedium, producible);

    protected override (long Steps, double LearningRate) Length(NextGptStagePreset preset) =>
        (preset.DecoderAlignmentSteps, preset.DecoderAlignmentLr);
}
