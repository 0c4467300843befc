using NextGpt.Realtime.Training.Loop;
using Spectre.Console;

namespace NextGpt.Realtime.Cli.Training;

/// <summary>
/// Shows a training run: a Spectre.Console progress bar with the loss, learning rate and ETA on a terminal, or one plain
/// line per twentieth of the run when the output is redirected (logs, CI), so nothing floods a log file.
/// </summary>
public sealed class TrainingProgressDisplay(TextWriter output, bool interactive)
{
    /// <summary>Runs <paramref name="body"/> on the calling thread with a progress sink for the stage called <paramref name="name"/>.</summary>
    public T Show<T>(string name, Func<IProgress<TrainingProgress>, T> body)
    {
        if (!interactive)
        {
            return body(new PlainLines(output, name));
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(name));
                return body(new BarUpdates(task, name));
            });
    }

    private static string Describe(TrainingProgress p) =>
        $"step {p.Step + 1}/{p.TotalSteps} loss {p.Loss:0.0000}{string.Concat(p.Parts.Select(kv => $" {kv.Key} {kv.Value:0.000}"))} lr {p.LearningRate:0.0e0} eta {p.EstimatedRemaining:hh\\:mm\\:ss}";

    private sealed class BarUpdates(ProgressTask task, string name) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.MaxValue = value.TotalSteps;
            task.Value = value.Step + 1;
            task.Description = Markup.Escape($"{name}: loss {value.Loss:0.0000}");
        }
    }

    private sealed class PlainLines(TextWriter output, string name) : IProgress<TrainingProgress>
    {
        private long _nextLine;
        private long _lastStep = -1;

        public void Report(TrainingProgress value)
        {
            if (value.Step < _lastStep)
            {
                _nextLine = 0;
            }

            _lastStep = value.Step;
            if (value.Step + 1 < _nextLine && value.Step + 1 != value.TotalSteps)
            {
                return;
            }

            output.WriteLine($"{name}: {Describe(value)}");
            _nextLine = value.Step + 1 + Math.Max(1, value.TotalSteps / 20);
        }
    }
}
