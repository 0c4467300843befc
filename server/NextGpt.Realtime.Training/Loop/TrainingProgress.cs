namespace NextGpt.Realtime.Training.Loop;

/// <summary>One finished step, as reported to a progress bar and written to the loss log.</summary>
/// <param name="Step">Zero-based step just taken.</param>
/// <param name="TotalSteps">Steps the run will take in all.</param>
/// <param name="Loss">The total loss of the step.</param>
/// <param name="Parts">Named parts of the loss.</param>
/// <param name="LearningRate">The rate the update used.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="Elapsed">Time since this process started or resumed the run.</param>
/// <param name="StepsThisProcess">Steps this process has taken, for the ETA.</param>
public sealed record TrainingProgress(
    long Step,
    long TotalSteps,
    double Loss,
    IReadOnlyDictionary<string, double> Parts,
    double LearningRate,
    double GradientNorm,
    TimeSpan Elapsed,
    long StepsThisProcess)
{
    /// <summary>Remaining time at this process's average speed.</summary>
    public TimeSpan EstimatedRemaining => StepsThisProcess == 0
        ? TimeSpan.Zero
        : Elapsed / StepsThisProcess * (TotalSteps - Step - 1);
}
