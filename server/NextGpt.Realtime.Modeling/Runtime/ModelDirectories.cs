namespace NextGpt.Realtime.Modeling.Runtime;

/// <summary>
/// Where models are looked for: the folders in <c>NEXTGPT_MODELS</c> (path-list separated), <c>./models</c>, and the
/// repository's own <c>models/</c> folder (found by walking up from the program to <c>NextGpt.Realtime.sln</c>), where the
/// embedded default model ships. A model is a folder holding a <c>manifest.json</c> (the project's own self-describing
/// format) or a Hugging Face / diffusers <c>config.json</c> or <c>model_index.json</c>.
/// </summary>
public static class ModelDirectories
{
    public const string SearchPathVariable = "NEXTGPT_MODELS";

    private static readonly string[] ModelMarkers = ["manifest.json", "config.json", "model_index.json"];

    public static IReadOnlyList<string> SearchRoots()
    {
        var roots = new List<string>();
        var fromEnvironment = Environment.GetEnvironmentVariable(SearchPathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            roots.AddRange(fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        roots.Add(Path.Combine(Environment.CurrentDirectory, "models"));
        if (FindRepositoryRoot(AppContext.BaseDirectory) is { } repository)
        {
            roots.Add(Path.Combine(repository, "models"));
        }

        return roots.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Model folders directly under each search root (or the root itself when it is a model).</summary>
    public static IReadOnlyList<string> Discover()
    {
        var found = new List<string>();
        foreach (var root in SearchRoots().Where(Directory.Exists))
        {
            if (IsModel(root))
            {
                found.Add(root);
                continue;
            }

            found.AddRange(Directory.EnumerateDirectories(root).Where(IsModel).Order(StringComparer.Ordinal));
        }

        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    public static bool IsModel(string directory) =>
        ModelMarkers.Any(marker => File.Exists(Path.Combine(directory, marker)));

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NextGpt.Realtime.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
