namespace NextGpt.Realtime.Cli.Training;

/// <summary>
/// Copies a stage's loss logs (<c>loss.jsonl</c> of each of its runs, <c>Training/Loop/LossLog</c>) into the model folder's
/// <c>training/</c> as <c>{stage}-{run}.loss.jsonl</c>, so the folder carries its own training curves for <c>nextgpt eval</c>.
/// </summary>
public static class TrainingLogs
{
    public const string Folder = "training";

    public static void CopyInto(string stageWork, string modelFolder, string stage)
    {
        if (!Directory.Exists(stageWork))
        {
            return;
        }

        var target = Path.Combine(modelFolder, Folder);
        foreach (var log in Directory.EnumerateFiles(stageWork, "loss.jsonl", SearchOption.AllDirectories))
        {
            var run = Path.GetRelativePath(stageWork, Path.GetDirectoryName(log)!).Replace(Path.DirectorySeparatorChar, '-');
            var name = run == "." ? stage : $"{stage}-{run}";
            Directory.CreateDirectory(target);
            File.Copy(log, Path.Combine(target, $"{name}.loss.jsonl"), overwrite: true);
        }
    }
}
