using System.CommandLine;
using NextGpt.Realtime.Cli.Benchmarks;
using NextGpt.Realtime.Modeling.Runtime;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary><c>nextgpt bench &lt;target&gt; --config C [--iterations N]</c>: speed figures on the current device.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed on the current device (medians; random weights unless stated).");
        var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(type))
            .Select(type => (IBenchmark)Activator.CreateInstance(type)!)
            .OrderBy(benchmark => benchmark.Name, StringComparer.Ordinal);
        foreach (var benchmark in benchmarks)
        {
            command.Subcommands.Add(CreateBenchmarkCommand(benchmark));
        }

        return command;
    }

    private static Command CreateBenchmarkCommand(IBenchmark benchmark)
    {
        var config = new Option<string>("--config")
        {
            Description = "Configuration: " + string.Join(", ", benchmark.Configs),
            DefaultValueFactory = _ => benchmark.Configs[0],
        };
        config.AcceptOnlyFromAmong([.. benchmark.Configs]);
        var iterations = new Option<int>("--iterations") { Description = "Timed repetitions per figure.", DefaultValueFactory = _ => 10 };
        var command = new Command(benchmark.Name, benchmark.Description) { config, iterations };
        command.SetAction(parse =>
        {
            var runtime = TorchRuntime.Initialize();
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"device {runtime.Device} ({runtime.CpuThreads} CPU threads), libtorch {runtime.LibTorchVersion}");
            benchmark.Run(parse.GetRequiredValue(config), Math.Max(1, parse.GetValue(iterations)), output);
            return 0;
        });
        return command;
    }
}
