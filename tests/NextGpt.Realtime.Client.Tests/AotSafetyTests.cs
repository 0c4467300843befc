using System.Diagnostics;
using NextGpt.Realtime.Client.Tests.Harness;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>
/// Runs the client in a process with dynamic code generation disabled (the AotHost's runtimeconfig sets
/// System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported = false, under which Reflection.Emit and
/// DynamicMethod throw, as on IL2CPP). The host also checks, as a control, that MessagePack's emitting resolver fails
/// there, and that MessagePack's non-generic entry points (the IL2CPP failure of aspnetcore #62758) were never used.
/// </summary>
public sealed class AotSafetyTests
{
    [Fact]
    public async Task Client_RunsWholeTurns_WithDynamicCodeDisabled()
    {
        await using var server = await TestServer.StartAsync();
        // bin/<configuration>/<tfm>/ of this project -> the same folders of the host project.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var host = Path.Combine(testOutput.Parent!.Parent!.Parent!.Parent!.FullName, "NextGpt.Realtime.Client.AotHost", "bin",
            testOutput.Parent.Name, testOutput.Name, "NextGpt.Realtime.Client.AotHost.dll");
        var runtimeConfig = await File.ReadAllTextAsync(Path.ChangeExtension(host, ".runtimeconfig.json"));
        Assert.Contains("\"System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported\": false", runtimeConfig, StringComparison.Ordinal);

        var start = new ProcessStartInfo("dotnet", ["exec", host, server.Url.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        var log = await output + await errors;
        Assert.True(process.ExitCode == 0, log);
        Assert.Contains("PASS control: StandardResolver cannot emit formatters", log, StringComparison.Ordinal);
        Assert.Contains("PASS no non-generic MessagePack calls", log, StringComparison.Ordinal);
        Assert.Contains("ALL PASSED", log, StringComparison.Ordinal);
    }
}
