namespace NextGpt.Realtime.Training.Loop;

/// <summary>How a call to <see cref="TrainingRun.Run"/> ended.</summary>
/// <param name="StepsCompleted">Steps done in all, including those of earlier processes.</param>
/// <param name="ResumedFromStep">The step count of the checkpoint this process started from (0 for a fresh run).</param>
/// <param name="Interrupted">True when cancellation stopped the run early; a checkpoint was written first.</param>
public sealed record TrainingResult(long StepsCompleted, long ResumedFromStep, bool Interrupted);
