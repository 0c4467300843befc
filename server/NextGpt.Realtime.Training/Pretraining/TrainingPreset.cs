namespace NextGpt.Realtime.Training.Pretraining;

/// <summary>
/// How big the trained NExT-GPT is. <see cref="Tiny"/> is the embedded <c>nextgpt-tiny</c> (about 60 MB in all, trained
/// on 2 CPU cores); <see cref="Minimal"/> is the smallest model of the same classes, for tests of the training path
/// (seconds, not quality).
/// </summary>
public enum TrainingPreset
{
    Minimal,
    Tiny,
}
