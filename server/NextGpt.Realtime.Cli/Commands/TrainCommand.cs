using System.CommandLine;
using System.Diagnostics;
using NextGpt.Realtime.Cli.Training;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Training.ModelFolder;
using NextGpt.Realtime.Training.Pretraining;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary>
/// <c>nextgpt train --stage NAME --preset tiny --out DIR</c>: builds a NExT-GPT model folder with the project's own training
/// pipeline (issue 6): the off-the-shelf components first, then the paper's stages 1-3. Each stage checkpoints under the work
/// folder and resumes there after an interruption (Ctrl+C checkpoints and exits); its loss logs are copied into
/// <c>DIR/training/</c> and <c>DIR/manifest.json</c> is rewritten to name what the folder holds.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var stage = new Option<string>("--stage")
        {
            Description = $"{string.Join(", ", TrainingStages.PipelineOrder)} or all.", Required = true,
        };
        var preset = new Option<string>("--preset") { Description = "tiny (the embedded model) or minimal (seconds; tests).", DefaultValueFactory = _ => "tiny" };
        preset.AcceptOnlyFromAmong("tiny", "minimal");
        var output = new Option<DirectoryInfo>("--out") { Description = "The model folder to build.", Required = true };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Checkpoints and loss logs (default: DIR.work next to the model folder)." };
        var steps = new Option<long?>("--steps") { Description = "Override the preset's optimiser steps for each run of the stage." };
        var seed = new Option<int>("--seed") { Description = "Seeds initialisation and data order.", DefaultValueFactory = _ => 13 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (0: libtorch's default).", DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train a NExT-GPT model folder on the Emberfall world (resumable).")
        {
            stage, preset, output, work, steps, seed, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var console = parse.InvocationConfiguration.Output;
            IReadOnlyList<IPretrainingStage> stages;
            try
            {
                stages = TrainingStages.Resolve(parse.GetRequiredValue(stage));
            }
            catch (ArgumentException ex)
            {
                error.WriteLine($"nextgpt train: {ex.Message}");
                return Task.FromResult(2);
            }

            if (parse.GetValue(steps) is <= 0)
            {
                error.WriteLine("nextgpt train: --steps must be positive.");
                return Task.FromResult(2);
            }

            var modelFolder = parse.GetRequiredValue(output).FullName;
            var workFolder = parse.GetValue(work)?.FullName ?? modelFolder.TrimEnd(Path.DirectorySeparatorChar) + ".work";
            TorchRuntime.Initialize();
            if (parse.GetValue(threads) is > 0 and var count)
            {
                TorchSharp.torch.set_num_threads(count);
            }

            var display = new TrainingProgressDisplay(console, interactive: !Console.IsOutputRedirected && ReferenceEquals(console, Console.Out));
            var trainingPreset = parse.GetRequiredValue(preset) == "minimal" ? TrainingPreset.Minimal : TrainingPreset.Tiny;
            return Task.FromResult(Run(stages, modelFolder, workFolder, trainingPreset, parse.GetValue(seed), parse.GetValue(steps),
                display, console, error, cancellation));
        });
        return command;
    }

    private static int Run(IReadOnlyList<IPretrainingStage> stages, string modelFolder, string workFolder, TrainingPreset preset, int seed,
        long? steps, TrainingProgressDisplay display, TextWriter console, TextWriter error, CancellationToken cancellation)
    {
        Directory.CreateDirectory(modelFolder);
        foreach (var stage in stages)
        {
            var clock = Stopwatch.StartNew();
            var stageWork = Path.Combine(workFolder, stage.Name);
            PretrainingResult result;
            try
            {
                result = display.Show(stage.Name, progress => stage.Run(new PretrainingContext(modelFolder, stageWork, preset, seed, steps,
                    progress, cancellation)));
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
            {
                error.WriteLine($"nextgpt train: stage {stage.Name} failed: {ex.Message}");
                return 1;
            }

            TrainingLogs.CopyInto(stageWork, modelFolder, stage.Name);
            ModelManifestWriter.Write(modelFolder);
            if (result.Interrupted)
            {
                console.WriteLine($"{stage.Name}: interrupted after {clock.Elapsed:hh\\:mm\\:ss}; checkpoints are in {stageWork}. Run the same command to resume.");
                return 130;
            }

            var losses = string.Join(", ", result.FinalLosses.Select(kv => $"{kv.Key} {kv.Value:0.0000}"));
            console.WriteLine($"{stage.Name}: done in {clock.Elapsed:hh\\:mm\\:ss}{(losses.Length > 0 ? $" (final loss {losses})" : "")}; wrote {string.Join(", ", result.Written.Select(p => Path.GetRelativePath(modelFolder, p)))}");
        }

        return 0;
    }
}
