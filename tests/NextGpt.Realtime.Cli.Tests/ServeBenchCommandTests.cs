using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using NextGpt.Realtime.Cli.Benchmarks;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class ServeBenchCommandTests
{
    [Fact]
    public void BenchServe_WithNoServerAtTheUrl_FailsWithAClearError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var url = $"http://127.0.0.1:{FreePort()}";

        var exitCode = NextGptCommandLine.Build().Parse(["bench", "serve", "--url", url, "--players", "2", "--iterations", "1"])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(1, exitCode);
        Assert.Contains($"Could not connect to {url}", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("dotnet run --project server/NextGpt.Realtime.Server", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Percentiles_AreNearestRank()
    {
        double[] values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

        Assert.Equal(5, ServeReport.Percentile(values, 50));
        Assert.Equal(10, ServeReport.Percentile(values, 95));
        Assert.Equal(1, ServeReport.Percentile(values, 0));
        Assert.Null(ServeReport.Percentile([], 50));
    }

    [Fact]
    public void Overhead_IsEndToEndBeyondTheServersTotal_PerEvent_AndTokensPerSecondCountsDecodedTokens()
    {
        var turn = new ServeTurnMeasurement("text", EndToEndMs: 130, FirstTokenMs: 40, FirstPreviewMs: null, FirstAudioMs: null, Events: 12,
            GeneratedTokens: 11, ServerTotalMs: 100, ServerQueueMs: 5, ServerDecodeMs: 50);
        var failed = turn with { Error = "Busy: the server is busy" };

        Assert.Equal(2.5, turn.OverheadPerEventMs, 9);
        Assert.Equal(200, turn.TokensPerSecond!.Value, 9);
        Assert.False(failed.Completed);
        using var output = new StringWriter();
        ServeReport.Write([turn, failed], TimeSpan.FromSeconds(1), output);
        Assert.Contains("2 turns in 1.0 s: 1 completed, 1 failed", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"time to first token \(ms\) +p50 +40\.0 +p95 +40\.0", output.ToString());
        Assert.Contains("failed x1: Busy: the server is busy", output.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
