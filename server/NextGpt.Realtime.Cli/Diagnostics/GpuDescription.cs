using System.Diagnostics;

namespace NextGpt.Realtime.Cli.Diagnostics;

/// <summary>The GPU's name and memory, from nvidia-smi (TorchSharp exposes neither).</summary>
public static class GpuDescription
{
    public static string? Query()
    {
        if (ExecutableLocator.Find("nvidia-smi") is not { } smi)
        {
            return null;
        }

        var start = new ProcessStartInfo(smi, "--query-gpu=name,memory.total --format=csv,noheader")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit(5000);
        return process.ExitCode == 0 && text.Length > 0 ? text.Replace(Environment.NewLine, "; ", StringComparison.Ordinal) : null;
    }
}
