using System.CommandLine;
using NextGpt.Realtime.Cli.Forward;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary>
/// <c>nextgpt forward &lt;component&gt; --model DIR --inputs in.safetensors --out out.safetensors</c>: runs one component on
/// tensors from a file and writes its outputs to a file.
/// </summary>
public static class ForwardCommand
{
    public static Command Create()
    {
        var command = new Command("forward", "Run one model component on tensors from a safetensors file.");
        foreach (var component in ForwardComponents.All.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            command.Subcommands.Add(CreateComponentCommand(component));
        }

        return command;
    }

    private static Command CreateComponentCommand(IForwardComponent component)
    {
        var model = new Option<DirectoryInfo>("--model")
        {
            Description = component.NeedsModel ? "Folder with config.json and safetensors weights." : "Not used: this component has no weights.",
            Required = component.NeedsModel,
        };
        var inputs = new Option<FileInfo>("--inputs") { Description = "Input tensors (safetensors).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the output tensors (safetensors).", Required = true };
        var command = new Command(component.Name, component.Description) { model, inputs, output };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var modelDirectory = parse.GetValue(model);
            var inputFile = parse.GetRequiredValue(inputs);
            if (modelDirectory is { Exists: false })
            {
                error.WriteLine($"nextgpt forward {component.Name}: model folder {modelDirectory.FullName} does not exist.");
                return 2;
            }

            if (!inputFile.Exists)
            {
                error.WriteLine($"nextgpt forward {component.Name}: input file {inputFile.FullName} does not exist.");
                return 2;
            }

            TorchRuntime.Initialize();
            using var scope = torch.NewDisposeScope();
            try
            {
                var tensors = SafeTensorsFile.Load(inputFile.FullName);
                var results = component.Run(modelDirectory?.FullName ?? string.Empty, tensors);
                SafeTensorsFile.Save(parse.GetRequiredValue(output).FullName, results);
            }
            catch (Exception ex) when (ex is InvalidDataException or KeyNotFoundException or ArgumentException or FileNotFoundException)
            {
                error.WriteLine($"nextgpt forward {component.Name}: {ex.Message}");
                return 2;
            }

            parse.InvocationConfiguration.Output.WriteLine($"wrote {parse.GetRequiredValue(output).FullName}");
            return 0;
        });
        return command;
    }
}
