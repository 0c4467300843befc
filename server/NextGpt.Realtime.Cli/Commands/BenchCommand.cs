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
        if (benchmark is IRemoteBenchmark remote)
        {
            return WithServerOptions(command, remote, config, iterations);
        }

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

    // A benchmark of a running server: it names the server and the load, and loads no model itself.
    private static Command WithServerOptions(Command command, IRemoteBenchmark benchmark, Option<string> config, Option<int> iterations)
    {
        var url = new Option<string>("--url") { Description = "The server to measure.", DefaultValueFactory = _ => IRemoteBenchmark.DefaultServer.ToString() };
        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                result.AddError($"--url must be an absolute http(s) address such as {IRemoteBenchmark.DefaultServer}.");
            }
        });
        var players = new Option<int>("--players") { Description = "Simulated players at once.", DefaultValueFactory = _ => IRemoteBenchmark.DefaultPlayers };
        var apiKey = new Option<string?>("--api-key") { Description = "API key or JWT, when the server requires one." };
        command.Options.Add(url);
        command.Options.Add(players);
        command.Options.Add(apiKey);
        command.SetAction(parse =>
        {
            try
            {
                benchmark.Run(parse.GetRequiredValue(config), Math.Max(1, parse.GetValue(iterations)), new Uri(parse.GetRequiredValue(url)),
                    Math.Max(1, parse.GetValue(players)), parse.GetValue(apiKey), parse.InvocationConfiguration.Output);
                return 0;
            }
            catch (InvalidOperationException error)
            {
                parse.InvocationConfiguration.Error.WriteLine(error.Message);
                return 1;
            }
        });
        return command;
    }
}
