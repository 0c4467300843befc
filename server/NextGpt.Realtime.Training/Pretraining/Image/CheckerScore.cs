using NextGpt.Realtime.Training.Checkers;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// How generated media fared with the world's checker: the pass rate of each attribute (a second object's attributes,
/// "color#2", count as "color"), the rate of samples passing everything, and the mean generation time per sample.
/// </summary>
public sealed record CheckerScore(int Samples, IReadOnlyDictionary<string, double> AttributePassRates, double AllPassRate, double SecondsPerSample)
{
    public static CheckerScore Of(IReadOnlyList<CheckResult> results, double totalSeconds)
    {
        if (results.Count == 0)
        {
            throw new ArgumentException("Score at least one sample.", nameof(results));
        }

        var rates = results.SelectMany(r => r.Verdicts)
            .GroupBy(v => v.Attribute.Split('#')[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(v => v.Passed) / (double)g.Count(), StringComparer.Ordinal);
        return new CheckerScore(results.Count, rates, results.Count(r => r.Passed) / (double)results.Count, totalSeconds / results.Count);
    }

    public override string ToString() =>
        $"{Samples} samples, all {AllPassRate:P0}, " +
        string.Join(", ", AttributePassRates.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:P0}")) +
        $", {SecondsPerSample:F2} s per sample";
}
