using System.Text.Json;

namespace NextGpt.Realtime.Training.Loop;

/// <summary>
/// The run's loss curve as JSON lines in <c>DIR/loss.jsonl</c> (one object a step: step, loss, parts, lr, grad_norm).
/// On resume the lines after the checkpoint's step are dropped, so the log always describes the weights on disk.
/// </summary>
public sealed class LossLog : IDisposable
{
    private readonly StreamWriter _writer;

    public LossLog(string runDirectory, long resumedSteps)
    {
        Path = System.IO.Path.Combine(runDirectory, "loss.jsonl");
        var kept = File.Exists(Path)
            ? File.ReadLines(Path).Where(line => ReadStep(line) is { } step && step < resumedSteps).ToList()
            : [];
        File.WriteAllLines(Path, kept);
        _writer = new StreamWriter(Path, append: true) { AutoFlush = true };
    }

    public string Path { get; }

    public void Append(TrainingProgress progress)
    {
        var entry = new Dictionary<string, object>
        {
            ["step"] = progress.Step,
            ["loss"] = progress.Loss,
            ["lr"] = progress.LearningRate,
            ["grad_norm"] = progress.GradientNorm,
        };
        foreach (var (name, value) in progress.Parts)
        {
            entry[name] = value;
        }

        _writer.WriteLine(JsonSerializer.Serialize(entry));
    }

    /// <summary>Reads a log back as (step, loss) pairs, for reports and plots.</summary>
    public static IReadOnlyList<(long Step, double Loss)> Read(string path) =>
        File.ReadLines(path)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (e.GetProperty("step").GetInt64(), e.GetProperty("loss").GetDouble()))
            .ToList();

    public void Dispose() => _writer.Dispose();

    private static long? ReadStep(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.GetProperty("step").GetInt64();
        }
        catch (JsonException)
        {
            // A line cut short by a killed process carries no step.
            return null;
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
