namespace NextGpt.Realtime.Training.Pretraining;

/// <param name="Written">Component folders written into the model folder (empty when interrupted).</param>
/// <param name="Interrupted">Whether the run was cancelled before its last step.</param>
/// <param name="FinalLosses">The last step's loss of each sub-run, by sub-run name (for example <c>vae</c>, <c>unet</c>).</param>
public sealed record PretrainingResult(IReadOnlyList<string> Written, bool Interrupted, IReadOnlyDictionary<string, double> FinalLosses);
