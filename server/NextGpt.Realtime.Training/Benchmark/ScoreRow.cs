using System.Globalization;

namespace NextGpt.Realtime.Training.Benchmark;

/// <summary>One row of the world's score table: how many of the trials passed, and the quality bar of issue 6 for that row
/// (a rate to reach, or for false rates one not to exceed).</summary>
public sealed record ScoreRow(string Name, int Passed, int Total, double? AtLeast = null, double? AtMost = null)
{
    /// <summary>Passed over total; NaN when nothing was measured.</summary>
    public double Rate => Total == 0 ? double.NaN : (double)Passed / Total;

    /// <summary>Whether the row meets its bar; null when it has no bar or no trials.</summary>
    public bool? MeetsBar => Total == 0 ? null
        : AtLeast is { } least ? Rate >= least
        : AtMost is { } most ? Rate <= most
        : null;

    public string Bar => AtLeast is { } least ? ">= " + Percent(least) : AtMost is { } most ? "<= " + Percent(most) : string.Empty;

    private static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
