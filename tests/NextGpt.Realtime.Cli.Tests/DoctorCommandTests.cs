using System.CommandLine;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class DoctorCommandTests
{
    [Fact]
    public void Doctor_ReportsLibTorchDeviceToolsAndModels()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };

        var exitCode = NextGptCommandLine.Build().Parse(["doctor"]).Invoke(configuration);

        var text = output.ToString();
        Assert.True(exitCode == 0, error.ToString());
        Assert.Matches(@"libtorch\s+2\.10", text);
        Assert.Matches(@"device\s+cpu \(\d+ threads", text);
        Assert.Contains("ffmpeg", text, StringComparison.Ordinal);
        Assert.Contains("redis-server", text, StringComparison.Ordinal);
        Assert.Contains("chromium", text, StringComparison.Ordinal);
        Assert.Matches(@"models?\s+", text);
    }

    [Fact]
    public void UnknownVerb_FailsWithAnError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };

        var exitCode = NextGptCommandLine.Build().Parse(["frobnicate"]).Invoke(configuration);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("frobnicate", error.ToString(), StringComparison.Ordinal);
    }
}
