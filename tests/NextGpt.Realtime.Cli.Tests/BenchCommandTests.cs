using System.CommandLine;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public void BenchLlmTiny_PrintsPrefillAndDecodeFiguresForBothBatchSizes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = NextGptCommandLine.Build().Parse(["bench", "llm", "--config", "tiny", "--iterations", "1"])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.True(exitCode == 0, error.ToString());
        Assert.Matches(@"batch 1: prefill [\d.]+ ms, decode [\d.]+ tokens/s", output.ToString());
        Assert.Matches(@"batch 8: prefill [\d.]+ ms, decode [\d.]+ tokens/s", output.ToString());
    }

    [Fact]
    public void BenchWithAnUnknownConfig_IsRefused()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = NextGptCommandLine.Build().Parse(["bench", "llm", "--config", "70b"])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("70b", error.ToString(), StringComparison.Ordinal);
    }
}
