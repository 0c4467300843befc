using System.CommandLine;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class DecodersBenchCommandTests
{
    [Fact]
    public void BenchDecodersTiny_PrintsStepPreviewAndDecodeFigures()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = NextGptCommandLine.Build().Parse(["bench", "decoders", "--config", "tiny", "--iterations", "2"])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.True(exitCode == 0, error.ToString());
        Assert.Matches(@"per step [\d.]+ ms \(median of 3 steps\), first preview after [\d.]+ ms, VAE decode [\d.]+ ms", output.ToString());
    }

    [Fact]
    public void BenchDecodersTinyVideo_PrintsStepPreviewAndFirstFrameFigures()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = NextGptCommandLine.Build().Parse(["bench", "decoders", "--config", "tiny-video", "--iterations", "2"])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.True(exitCode == 0, error.ToString());
        Assert.Matches(@"per step [\d.]+ ms \(median of 2 steps\), first preview after [\d.]+ ms, first frame after [\d.]+ ms, then [\d.]+ ms per frame",
            output.ToString());
    }
}
