using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Cli.Models;

/// <summary>
/// Finds the model a command uses when none is given: <c>NEXTGPT_MODEL</c>, else the embedded default
/// <c>models/nextgpt-tiny</c> (issue 6) in the current folder or a parent of it, else next to the executable or above
/// it, which is where it sits in a clone of the repository. The server looks the same way (Server/Models/ModelSource).
/// </summary>
public static class DefaultModel
{
    public const string EnvironmentVariable = "NEXTGPT_MODEL";

    public static string Locate(DirectoryInfo? given)
    {
        if (given is not null)
        {
            return given.Exists ? given.FullName : throw new DirectoryNotFoundException($"The model folder {given.FullName} does not exist.");
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return Directory.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable}={configured} does not exist.");
        }

        return NextGptModelFolder.FindEmbeddedDefault(Environment.CurrentDirectory)
            ?? NextGptModelFolder.FindEmbeddedDefault(AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException(
                $"No model given and the embedded default {NextGptModelFolder.EmbeddedDefault} was not found here or above; pass --model DIR or set {EnvironmentVariable}.");
    }
}
