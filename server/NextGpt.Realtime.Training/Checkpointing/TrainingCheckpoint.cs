using System.Globalization;
using System.Text.Json;
using NextGpt.Realtime.Modeling.Checkpoints;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Checkpointing;

/// <summary>
/// The checkpoints of one training run, in <c>DIR/checkpoints/step-NNNNNNNN/</c>: <c>trainable.safetensors</c> (the
/// trained parameters by name), <c>optimizer.safetensors</c> (AdamW moments) and <c>state.json</c> (steps done). A
/// checkpoint is written into a <c>.partial</c> folder and renamed when complete, so a process killed mid-write leaves
/// the previous checkpoint as the latest.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string Prefix = "step-";
    private const string TrainableFile = "trainable.safetensors";
    private const string OptimizerFile = "optimizer.safetensors";
    private const string StateFile = "state.json";

    private readonly string _root;

    public TrainingCheckpoint(string runDirectory)
    {
        _root = Path.Combine(runDirectory, "checkpoints");
    }

    /// <summary>The newest complete checkpoint's folder and step count, or null when the run has none.</summary>
    public (string Directory, long Steps)? Latest()
    {
        if (!Directory.Exists(_root))
        {
            return null;
        }

        return Directory.GetDirectories(_root, Prefix + "*")
            .Where(d => !d.EndsWith(".partial", StringComparison.Ordinal) && File.Exists(Path.Combine(d, StateFile)))
            .Select(d => (Directory: d, Steps: ParseSteps(d)))
            .Where(c => c.Steps >= 0)
            .OrderByDescending(c => c.Steps)
            .Cast<(string, long)?>()
            .FirstOrDefault();
    }

    /// <summary>Writes a checkpoint after <paramref name="steps"/> steps and prunes all but the newest <paramref name="keep"/>.</summary>
    public string Save(long steps, IReadOnlyDictionary<string, Tensor> trainable, IReadOnlyDictionary<string, Tensor> optimizer, int keep)
    {
        var final = Path.Combine(_root, Prefix + steps.ToString("D8", CultureInfo.InvariantCulture));
        var partial = final + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        Directory.CreateDirectory(partial);
        SafeTensorsFile.Save(Path.Combine(partial, TrainableFile), trainable);
        SafeTensorsFile.Save(Path.Combine(partial, OptimizerFile), optimizer);
        File.WriteAllText(Path.Combine(partial, StateFile), JsonSerializer.Serialize(new CheckpointState(steps)));
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(partial, final);
        Prune(keep);
        return final;
    }

    /// <summary>Reads a checkpoint folder's trained parameters and optimizer state.</summary>
    public static (Dictionary<string, Tensor> Trainable, Dictionary<string, Tensor> Optimizer, long Steps) Load(string directory)
    {
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(directory, StateFile)))
            ?? throw new InvalidDataException($"{directory}: {StateFile} is empty.");
        return (SafeTensorsFile.Load(Path.Combine(directory, TrainableFile)),
            SafeTensorsFile.Load(Path.Combine(directory, OptimizerFile)),
            state.Steps);
    }

    private void Prune(int keep)
    {
        var complete = Directory.GetDirectories(_root, Prefix + "*")
            .Where(d => !d.EndsWith(".partial", StringComparison.Ordinal))
            .OrderByDescending(ParseSteps)
            .Skip(Math.Max(1, keep));
        foreach (var stale in complete)
        {
            Directory.Delete(stale, recursive: true);
        }
    }

    private static long ParseSteps(string directory) =>
        long.TryParse(Path.GetFileName(directory).AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var steps)
            ? steps
            : -1;

    private sealed record CheckpointState(long Steps);
}
