using System.Diagnostics;
using System.Text;

namespace NextGpt.Realtime.Cli.Tests;

/// <summary>
/// Runs the real <c>nextgpt</c> binary from a copy of its output folder whose libLibTorchSharp.so is the unpatched NuGet
/// original. Where the system libstdc++ lacks GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04), libtorch cannot load and doctor
/// must exit non-zero naming the reason and the fix; where it has it, doctor must succeed. Either way the build's
/// compatibility step is what makes the normal output work.
/// </summary>
public sealed class DoctorLoadFailureTests : IDisposable
{
    private const string NativeLibrary = "libLibTorchSharp.so";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"nextgpt-unpatched-{Guid.NewGuid():N}");

    [Fact]
    public void Doctor_WithTheUnpatchedNativeLibrary_ExplainsTheFailureOrSucceeds()
    {
        Assert.True(OperatingSystem.IsLinux(), "this check is about the Linux native library");
        var output = AppContext.BaseDirectory;
        var original = FindNuGetOriginal();
        Directory.CreateDirectory(_folder);
        // Managed files are copied (the host resolves symbolic links, which would load the patched library again);
        // libtorch's large natives are linked.
        foreach (var file in Directory.EnumerateFiles(output))
        {
            var name = Path.GetFileName(file);
            var target = Path.Combine(_folder, name);
            if (name == NativeLibrary)
            {
                File.Copy(original, target);
            }
            else if (name.Contains(".so", StringComparison.Ordinal))
            {
                File.CreateSymbolicLink(target, file);
            }
            else
            {
                File.Copy(file, target);
            }
        }

        var (exitCode, stdout, stderr) = Run(Path.Combine(_folder, "nextgpt.dll"), "doctor");

        if (SystemHasGlibcxx32())
        {
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("libtorch", stdout, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(exitCode == 1, $"exit {exitCode}\n{stdout}\n{stderr}");
            Assert.Contains("libtorch could not be loaded", stderr, StringComparison.Ordinal);
            Assert.Contains("GLIBCXX_3.4.32", stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(_folder, "cpu")), "TorchSharp's native fallback copied libtorch");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string FindNuGetOriginal()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", NativeLibrary);
        Assert.True(File.Exists(path), $"the NuGet copy of {NativeLibrary} was expected at {path}");
        return path;
    }

    private static bool SystemHasGlibcxx32()
    {
        var libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        return libstdcxx is not null && File.ReadAllBytes(libstdcxx).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string dll, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        // Without a NuGet folder TorchSharp's fallback cannot copy 480 MB of natives next to the program.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(Path.GetTempPath(), $"no-nuget-{Guid.NewGuid():N}");
        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Assert.True(process.WaitForExit(60_000), "nextgpt doctor did not finish within 60 s");
        process.WaitForExit();
        return (process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
