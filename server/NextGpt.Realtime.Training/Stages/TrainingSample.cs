namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// One training sequence, tagged with the dataset it came from: the legacy batch sampler draws each batch from a single
/// dataset and cycles the datasets (<c>DistributedMultiDatasetBatchSampler</c>, architecture notes section 6.1).
/// </summary>
public sealed record TrainingSample(string Dataset, IReadOnlyList<TrainingSegment> Segments);
