using NextGpt.Realtime.Modeling.Sampling;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Training.Benchmark;
using NextGpt.Realtime.Training.Evaluation;

namespace NextGpt.Realtime.Training.Tests.Evaluation;

/// <summary>
/// The committed <c>models/nextgpt-tiny</c> on a small held-out subset of the world's benchmark, against what the full
/// benchmark measured when the model was shipped (<c>benchmark.json</c> in the model folder, written by <c>nextgpt eval</c>):
/// every row must reach the lower of issue 6's bar and the shipped full-run rate, less two binomial standard deviations at
/// the subset's size (the subset is small, so a fair model can land that far below its true rate). A broken model,
/// loader, prompt format or decoder drops rows far below that.
/// </summary>
public sealed class ShippedModelBenchmarkTests
{
    private const int Dialogues = 12;
    private const int DiversityRequests = 4;

    [Fact]
    public void The_shipped_model_holds_its_scores_on_a_held_out_subset()
    {
        var folder = ShippedModel();
        var shipped = ScoreTable.FromJson(File.ReadAllText(Path.Combine(folder, "benchmark.json")));
        var model = NextGptModelFolder.Load(folder);
        var settings = (model.Defaults ?? new TurnSettings()) with { Sampling = new SamplingOptions(), PreviewEvery = 0 };

        var table = new WorldBenchmark(model, new WorldBenchmarkOptions(Dialogues, DiversityRequests, settings)).Run().Score();

        var failures = new List<string>();
        foreach (var row in table.Rows.Where(r => r.Total > 0))
        {
            var full = shipped[row.Name];
            if (row.AtLeast is { } least)
            {
                var expected = Math.Min(least, full.Rate);
                var floor = expected - (2 * Math.Sqrt(expected * (1 - expected) / row.Total));
                if (row.Rate < floor - 1e-9)
                {
                    failures.Add($"{row.Name}: {row.Passed}/{row.Total} below {floor:P0} (bar {least:P0}, shipped {full.Rate:P0})");
                }
            }
            else if (row.AtMost is { } most)
            {
                var expected = Math.Max(most, full.Rate);
                var ceiling = expected + (2 * Math.Sqrt(Math.Max(expected * (1 - expected), 0.05) / row.Total));
                if (row.Rate > ceiling + 1e-9)
                {
                    failures.Add($"{row.Name}: {row.Passed}/{row.Total} above {ceiling:P0} (bar {most:P0}, shipped {full.Rate:P0})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + table.ToMarkdown());
    }

    private static string ShippedModel() => NextGptModelFolder.FindEmbeddedDefault(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("models/nextgpt-tiny is not above the test output: the repository ships it.");
}
