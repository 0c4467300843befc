using NextGpt.Realtime.Training.Loop;

namespace NextGpt.Realtime.Training.Pretraining;

/// <param name="ModelDirectory">The model folder being built (components go to their manifest folders inside it).</param>
/// <param name="WorkDirectory">This stage's own folder for checkpoints and loss logs (resume reads it).</param>
/// <param name="Preset">The size of everything.</param>
/// <param name="Seed">Seeds weights initialisation and data order.</param>
/// <param name="Steps">Overrides the preset's number of optimiser steps (each sub-run of the stage scales with it).</param>
/// <param name="Progress">Receives each step (progress bar, loss display).</param>
public sealed record PretrainingContext(
    string ModelDirectory,
    string WorkDirectory,
    TrainingPreset Preset,
    int Seed = 13,
    long? Steps = null,
    IProgress<TrainingProgress>? Progress = null,
    CancellationToken Cancellation = default);
