using System.Text.Json;
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

    /// <summary>The rows as JSON (name, passed, total, bar), as <c>nextgpt eval</c> writes <c>scores.json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(Rows.Select(row => new StoredRow(row.Name, row.Passed, row.Total, row.AtLeast, row.AtMost)), Indented);

    /// <summary>Reads <see cref="ToJson"/>'s output.</summary>
    public static ScoreTable FromJson(string json) => new(
        (JsonSerializer.Deserialize<List<StoredRow>>(json) ?? throw new InvalidDataException("The score table JSON is empty."))
            .Select(row => new ScoreRow(row.Name, row.Passed, row.Total, row.AtLeast, row.AtMost)).ToList());

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed record StoredRow(string Name, int Passed, int Total, double? AtLeast, double? AtMost);
}
