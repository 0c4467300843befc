using NextGpt.Realtime.Modeling.Runtime;

namespace NextGpt.Realtime.Cli.Diagnostics;

/// <summary>The checks behind <c>nextgpt doctor</c>. Exit code 0 when libtorch loads, 1 with the reason and fix when not.</summary>
public static class DoctorReport
{
    /// <summary>External programs the server, the tests and the tools use, and what each is for.</summary>
    private static readonly (string Program, string Purpose)[] Tools =
    [
        ("ffmpeg", "video decode/encode, non-WAV audio"),
        ("redis-server", "SignalR scale-out tests"),
        ("chromium", "the /preview browser test"),
    ];

    public static int Run(TextWriter output, TextWriter error)
    {
        TorchRuntimeInfo runtime;
        try
        {
            runtime = TorchRuntime.Initialize();
        }
        catch (TorchUnavailableException ex)
        {
            error.WriteLine($"nextgpt doctor: {ex.Message}");
            return 1;
        }

        output.WriteLine($"libtorch      {runtime.LibTorchVersion}");
        output.WriteLine($"device        {DescribeDevice(runtime)}");
        foreach (var (program, purpose) in Tools)
        {
            var path = ExecutableLocator.Find(program);
            output.WriteLine($"{program,-13} {(path is null ? "not found" : path)} ({purpose})");
        }

        var models = ModelDirectories.Discover();
        if (models.Count == 0)
        {
            output.WriteLine("models        none found (searched: " + string.Join(", ", ModelDirectories.SearchRoots()) + ")");
        }

        foreach (var model in models)
        {
            output.WriteLine($"model         {model}");
        }

        return 0;
    }

    private static string DescribeDevice(TorchRuntimeInfo runtime) => runtime.IsCuda
        ? $"{runtime.Device} ({GpuDescription.Query() ?? $"{runtime.CudaDeviceCount} CUDA device(s)"})"
        : $"cpu ({runtime.CpuThreads} threads, {Environment.ProcessorCount} logical cores)";
}
