namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// A benchmark that measures a running server from the outside (<c>nextgpt bench &lt;name&gt; --url U --players N</c>)
/// instead of this process's device. Found by reflection like every <see cref="IBenchmark"/>; its
/// <see cref="IBenchmark.Run"/> measures the default server with the default number of players.
/// </summary>
public interface IRemoteBenchmark : IBenchmark
{
    /// <summary>Where <c>dotnet run --project server/NextGpt.Realtime.Server</c> listens with no configuration.</summary>
    static readonly Uri DefaultServer = new("http://127.0.0.1:5170");

    const int DefaultPlayers = 4;

    /// <summary>Runs <paramref name="players"/> simulated players against <paramref name="server"/> and prints the figures.</summary>
    void Run(string config, int iterations, Uri server, int players, string? apiKey, TextWriter output);
}
