using System.Globalization;
using System.Text;

namespace NextGpt.Realtime.Training.Benchmark;

/// <summary>The world's score table (world.md, "Scores"), one row per score, in a fixed order.</summary>
public sealed record ScoreTable(IReadOnlyList<ScoreRow> Rows)
{
    public ScoreRow this[string name] =>
        Rows.FirstOrDefault(row => row.Name == name) ?? throw new KeyNotFoundException($"No score row '{name}'.");

    /// <summary>Whether every measured row with a bar meets it.</summary>
    public bool MeetsAllBars => Rows.All(row => row.MeetsBar != false);

    /// <summary>A Markdown table: score, rate, passed/total, bar, verdict.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| score | rate | passed / total | bar | meets |");
        text.AppendLine("| --- | ---: | ---: | --- | --- |");
        foreach (var row in Rows)
        {
            var rate = row.Total == 0 ? "n/a" : (row.Rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            var meets = row.MeetsBar switch { true => "yes", false => "NO", null => string.Empty };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Name} | {rate} | {row.Passed} / {row.Total} | {row.Bar} | {meets} |");
        }

        return text.ToString();
    }
}
