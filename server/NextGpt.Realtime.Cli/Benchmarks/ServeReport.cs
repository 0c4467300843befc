namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>The figures of a <c>bench serve</c> run: p50/p95 per measure over the completed turns, and the failures.</summary>
public static class ServeReport
{
    /// <summary>Nearest-rank percentile (<paramref name="percent"/> in 0..100) of <paramref name="values"/>; null when empty.</summary>
    public static double? Percentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static void Write(IReadOnlyList<ServeTurnMeasurement> turns, TimeSpan wall, TextWriter output)
    {
        var completed = turns.Where(t => t.Completed).ToList();
        output.WriteLine($"  {turns.Count} turns in {wall.TotalSeconds:F1} s: {completed.Count} completed, {turns.Count - completed.Count} failed");
        Line(output, "time to first token (ms)", completed.Select(t => t.FirstTokenMs));
        Line(output, "time to first image preview (ms)", completed.Select(t => t.FirstPreviewMs));
        Line(output, "time to first audio chunk (ms)", completed.Select(t => t.FirstAudioMs));
        Line(output, "end to end (ms)", completed.Select(t => (double?)t.EndToEndMs));
        Line(output, "server queue (ms)", completed.Select(t => (double?)t.ServerQueueMs));
        Line(output, "decode tokens/s per reply", completed.Select(t => t.TokensPerSecond));
        Line(output, "server overhead per event (ms)", completed.Select(t => (double?)t.OverheadPerEventMs));
        var tokens = completed.Sum(t => t.GeneratedTokens);
        output.WriteLine($"  throughput: {tokens} tokens, {tokens / wall.TotalSeconds:F1} tokens/s over all players; " +
                         $"{completed.Sum(t => t.Events)} events");
        foreach (var failure in turns.Where(t => !t.Completed).GroupBy(t => t.Error).Take(5))
        {
            output.WriteLine($"  failed x{failure.Count()}: {failure.Key}");
        }
    }

    private static void Line(TextWriter output, string name, IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        output.WriteLine(present.Count == 0
            ? $"  {name,-34} n/a"
            : $"  {name,-34} p50 {Percentile(present, 50),9:F1}   p95 {Percentile(present, 95),9:F1}   (n {present.Count})");
    }
}
