using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Benchmark;

namespace NextGpt.Realtime.Training.Evaluation;

/// <summary>What a benchmark run produced: the records the score table is computed from, the exchanges and diversity
/// pairs the report shows, and the measured times.</summary>
public sealed record BenchmarkRun(
    IReadOnlyList<BenchmarkRecord> Records,
    IReadOnlyList<EvaluatedExchange> Exchanges,
    IReadOnlyList<DiversityRecord> Diversity,
    IReadOnlyDictionary<SignalModality, IReadOnlyList<TimeSpan>> DecodeTimes,
    IReadOnlyList<TimeSpan> FirstTokenTimes,
    TimeSpan Elapsed)
{
    public ScoreTable Score() => BenchmarkScorer.Score(Records);
}
