namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// One <c>nextgpt bench &lt;name&gt; --config C</c> target. Benchmarks measure and print medians; they never assert speed
/// (speed goals live here, not in tests). Implementations are found by reflection, one class per target.
/// </summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>The configurations this benchmark knows, for example <c>tiny</c> and <c>7b</c>.</summary>
    IReadOnlyList<string> Configs { get; }

    /// <summary>Runs the benchmark for one configuration and prints its figures.</summary>
    void Run(string config, int iterations, TextWriter output);
}
