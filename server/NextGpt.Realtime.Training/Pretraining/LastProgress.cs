using NextGpt.Realtime.Training.Loop;

namespace NextGpt.Realtime.Training.Pretraining;

/// <summary>Passes each step on to the caller's progress and remembers the last one, for a stage's result.</summary>
public sealed class LastProgress(IProgress<TrainingProgress>? inner) : IProgress<TrainingProgress>
{
    public TrainingProgress? Last { get; private set; }

    public void Report(TrainingProgress value)
    {
        Last = value;
        inner?.Report(value);
    }

    /// <summary>The last step's loss under <paramref name="name"/>, or nothing when no step ran in this process.</summary>
    public IReadOnlyDictionary<string, double> Losses(string name) =>
        Last is { } last ? new Dictionary<string, double> { [name] = last.Loss } : new Dictionary<string, double>();
}
