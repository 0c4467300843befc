using System.CommandLine;
using NextGpt.Realtime.Cli.Models;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Training.Evaluation;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary>
/// <c>nextgpt eval [--model DIR] --out report/</c>: runs world.md's benchmark on held-out dialogues (held-out seeds, NPC
/// names and trait words), prints the score table against issue 6's bars and writes the HTML report
/// (<see cref="EvaluationReport"/>) and the table as <c>scores.json</c>. Exit code 0 whatever the scores; <c>--require-bars</c> makes a missed bar exit 3.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = $"A model folder (default: {NextGptModelFolder.EmbeddedDefault})." };
        var output = new Option<DirectoryInfo>("--out") { Description = "The report folder (index.html and media/).", Required = true };
        var dialogues = new Option<int>("--dialogues") { Description = "Held-out dialogues to run.", DefaultValueFactory = _ => 60 };
        var diversity = new Option<int>("--diversity") { Description = "Media requests generated with two seeds.", DefaultValueFactory = _ => 15 };
        var steps = new Option<int?>("--steps") { Description = "Diffusion steps (default: the model's)." };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (0: libtorch's default).", DefaultValueFactory = _ => 0 };
        var requireBars = new Option<bool>("--require-bars") { Description = "Exit 3 when a score misses its bar." };
        var command = new Command("eval", "Score a model on the Emberfall world's held-out benchmark and write an HTML report.")
        {
            model, output, dialogues, diversity, steps, threads, requireBars,
        };
        command.SetAction((parse, cancellation) =>
        {
            var console = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(dialogues) < 0 || parse.GetValue(diversity) < 0)
            {
                error.WriteLine("nextgpt eval: --dialogues and --diversity cannot be negative.");
                return Task.FromResult(2);
            }

            string folder;
            NextGptModel loaded;
            try
            {
                folder = DefaultModel.Locate(parse.GetValue(model));
                TorchRuntime.Initialize();
                if (parse.GetValue(threads) is > 0 and var count)
                {
                    TorchSharp.torch.set_num_threads(count);
                }

                loaded = NextGptModelFolder.Load(folder);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                error.WriteLine($"nextgpt eval: {ex.Message}");
                return Task.FromResult(1);
            }

            var settings = (loaded.Defaults ?? new TurnSettings()) with { Sampling = new SamplingOptions(), PreviewEvery = 0 };
            if (parse.GetValue(steps) is { } stepCount)
            {
                settings = settings with { DiffusionSteps = stepCount };
            }

            var benchmark = new WorldBenchmark(loaded, new WorldBenchmarkOptions(parse.GetValue(dialogues), parse.GetValue(diversity), settings));
            var run = benchmark.Run(new Progress<(int Done, int Total)>(p => error.Write($"\rnextgpt eval: {p.Done}/{p.Total}")), cancellation);
            error.WriteLine();
            var table = run.Score();
            var reportFolder = parse.GetRequiredValue(output).FullName;
            Directory.CreateDirectory(reportFolder);
            var page = EvaluationReport.Write(reportFolder, run, table, folder, Environment.CommandLine);
            File.WriteAllText(Path.Combine(reportFolder, "scores.json"), table.ToJson());
            console.WriteLine(table.ToMarkdown());
            console.WriteLine();
            console.WriteLine($"{run.Exchanges.Count} exchanges in {run.Elapsed:hh\\:mm\\:ss}; report: {page}");
            return Task.FromResult(parse.GetValue(requireBars) && !table.MeetsAllBars ? 3 : 0);
        });
        return command;
    }
}
