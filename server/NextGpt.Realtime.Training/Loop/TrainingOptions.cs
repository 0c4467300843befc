using NextGpt.Realtime.Training.Optimization;

namespace NextGpt.Realtime.Training.Loop;

/// <summary>How long and how a stage trains, and how often it checkpoints.</summary>
public sealed record TrainingOptions
{
    public required long TotalSteps { get; init; }

    public required ILearningRateSchedule Schedule { get; init; }

    public AdamWOptions Optimizer { get; init; } = new();

    /// <summary>Global gradient-norm clip; NExT-GPT's DeepSpeed configs use 1.0. Zero turns clipping off.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>Seeds dropout and any other randomness of a step as <c>Seed + step</c>, which keeps resumes exact.</summary>
    public long Seed { get; init; } = 13;

    /// <summary>Steps between checkpoints; the last step and an interruption always checkpoint too.</summary>
    public long CheckpointEvery { get; init; } = 100;

    /// <summary>How many checkpoints to keep, newest first.</summary>
    public int CheckpointsKept { get; init; } = 2;
}
