using System.CommandLine;
using System.Text.Json;
using NextGpt.Realtime.Cli.Conversion;
using NextGpt.Realtime.Modeling.Runtime;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary>
/// <c>nextgpt convert --in FILE_OR_DIR --out PATH [--dtype f32|f16|bf16] [--layout plain|nextgpt]</c>: rewrites PyTorch
/// checkpoints (read by the restricted reader, never unpickled by Python) as safetensors.
/// </summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "A .bin/.pt/.pth/.safetensors file, or a model folder (sharded checkpoints included).", Required = true };
        var output = new Option<string>("--out") { Description = "A .safetensors file (for one input file) or a folder.", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Store tensors as f32, f16 or bf16 (default: as they are)." };
        dtype.AcceptOnlyFromAmong("f32", "f16", "bf16");
        var layout = new Option<string>("--layout")
        {
            Description = "plain: same names; nextgpt: split NExT-GPT's pytorch_model.pt into component folders with config.json.",
            DefaultValueFactory = _ => "plain",
        };
        layout.AcceptOnlyFromAmong("plain", "nextgpt");
        var command = new Command("convert", "Convert PyTorch checkpoints to safetensors.") { input, output, dtype, layout };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            TorchRuntime.Initialize();
            try
            {
                var converter = new CheckpointConverter(CheckpointConverter.ParseDType(parse.GetValue(dtype)));
                var report = parse.GetValue(layout) == "nextgpt"
                    ? converter.ConvertNextGpt(parse.GetRequiredValue(input), parse.GetRequiredValue(output))
                    : converter.ConvertPlain(parse.GetRequiredValue(input), parse.GetRequiredValue(output));
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(report));
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"nextgpt convert: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}
