using System.Text.Json;
using System.Text.Json.Nodes;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Checkpoints.PyTorch;
using NextGpt.Realtime.Modeling.Projectors;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Conversion;

/// <summary>
/// Rewrites checkpoints as safetensors, tensor by tensor. A plain conversion keeps the names (a folder keeps its shard
/// structure and its index, renamed to safetensors, and copies config and tokenizer files); the NExT-GPT layout splits the
/// released <c>pytorch_model.pt</c> into component folders (<see cref="NextGptCheckpointLayout"/>), each with a
/// <c>config.json</c> inferred from the weights' shapes.
/// </summary>
public sealed class CheckpointConverter(ScalarType? dtype)
{
    private static readonly string[] CopiedFiles =
        ["config.json", "generation_config.json", "tokenizer.model", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"];

    public static ScalarType? ParseDType(string? name) => name switch
    {
        null => null,
        "f32" => ScalarType.Float32,
        "f16" => ScalarType.Float16,
        "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{name}' (use f32, f16 or bf16)."),
    };

    public ConversionReport ConvertPlain(string input, string output)
    {
        if (File.Exists(input))
        {
            var target = output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? output
                : Path.Combine(output, Path.GetFileNameWithoutExtension(input) + ".safetensors");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            var (count, skipped) = Rewrite(input, target, name => name);
            return new ConversionReport([target], count, skipped);
        }

        var sources = CheckpointFiles.In(input);
        Directory.CreateDirectory(output);
        var written = new List<string>();
        var total = 0;
        var allSkipped = new List<string>();
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var name = Path.GetFileNameWithoutExtension(source).Replace("pytorch_model", "model", StringComparison.Ordinal) + ".safetensors";
            var target = Path.Combine(output, name);
            var (count, skipped) = Rewrite(source, target, key => key);
            renamed[Path.GetFileName(source)] = name;
            written.Add(target);
            total += count;
            allSkipped.AddRange(skipped);
        }

        var index = Path.Combine(input, "pytorch_model.bin.index.json");
        if (File.Exists(index))
        {
            var json = JsonNode.Parse(File.ReadAllText(index))!.AsObject();
            var map = json["weight_map"]!.AsObject();
            foreach (var entry in map.ToList())
            {
                map[entry.Key] = renamed[entry.Value!.GetValue<string>()];
            }

            var target = Path.Combine(output, "model.safetensors.index.json");
            File.WriteAllText(target, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            written.Add(target);
        }

        foreach (var file in CopiedFiles.Select(f => Path.Combine(input, f)).Where(File.Exists))
        {
            File.Copy(file, Path.Combine(output, Path.GetFileName(file)), overwrite: true);
        }

        return new ConversionReport(written, total, allSkipped);
    }

    public ConversionReport ConvertNextGpt(string input, string output)
    {
        var files = File.Exists(input) ? [input] : CheckpointFiles.In(input);
        var sources = files.Select(CheckpointFiles.Open).ToList();
        try
        {
            var owner = sources.SelectMany(s => s.Names.Select(n => (Name: n, Source: s))).ToDictionary(p => p.Name, p => p.Source, StringComparer.Ordinal);
            var (components, unknown) = NextGptCheckpointLayout.Split(owner.Keys);
            if (components.Count == 0)
            {
                throw new InvalidDataException($"{input} holds none of NExT-GPT's keys (llama_model.*, llama_proj.*, gen_text_hidden_fcs*); is it the released pytorch_model.pt?");
            }

            var written = new List<string>();
            var total = 0;
            foreach (var (folder, keys) in components)
            {
                var directory = Path.Combine(output, folder);
                Directory.CreateDirectory(directory);
                using var scope = NewDisposeScope();
                var tensors = keys.ToDictionary(k => k.Key, k => Convert(owner[k.LegacyKey].Read(k.LegacyKey)), StringComparer.Ordinal);
                var weights = Path.Combine(directory, folder == "llm_adapter" ? "adapter_model.safetensors" : "model.safetensors");
                SafeTensorsFile.Save(weights, tensors);
                written.Add(weights);
                if (ComponentConfig(folder, tensors) is { } config)
                {
                    var configPath = Path.Combine(directory, "config.json");
                    File.WriteAllText(configPath, config);
                    written.Add(configPath);
                }

                total += tensors.Count;
            }

            return new ConversionReport(written, total, unknown);
        }
        finally
        {
            sources.ForEach(s => s.Dispose());
        }
    }

    // Projector configs from shapes. nhead is not recoverable from weights: TextFcLayer's is 4 (architecture notes 4.1).
    private static string? ComponentConfig(string folder, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        if (folder == "input_projector")
        {
            var weight = tensors["weight"];
            return JsonSerializer.Serialize(new InputProjectorConfig { InDim = (int)weight.shape[1], OutDim = (int)weight.shape[0] }, options);
        }

        if (!NextGptCheckpointLayout.SignalTokenCounts.TryGetValue(folder, out var signalTokens))
        {
            return null;
        }

        int Layers(string stack) => tensors.Keys.Where(k => k.StartsWith($"tfm.{stack}.layers.", StringComparison.Ordinal))
            .Select(k => k.Split('.')[3]).Distinct(StringComparer.Ordinal).Count();
        return JsonSerializer.Serialize(new OutputProjectorConfig
        {
            InDim = (int)tensors["fc.weight"].shape[1],
            DModel = (int)tensors["fc.weight"].shape[0],
            OutDim = (int)tensors["model.weight"].shape[0],
            NumOutputTokens = (int)tensors["query_embs"].shape[1],
            NumInputTokens = signalTokens,
            NHead = 4,
            NumEncoderLayers = Layers("encoder"),
            NumDecoderLayers = Layers("decoder"),
            DimFeedforward = (int)tensors["tfm.encoder.layers.0.linear1.weight"].shape[0],
        }, options);
    }

    private (int Count, IReadOnlyList<string> Skipped) Rewrite(string source, string target, Func<string, string> rename)
    {
        using var file = CheckpointFiles.Open(source);
        using var scope = NewDisposeScope();
        var tensors = file.Names.ToDictionary(rename, name => Convert(file.Read(name)), StringComparer.Ordinal);
        SafeTensorsFile.Save(target, tensors);
        return (tensors.Count, file is PyTorchCheckpointFile pytorch ? pytorch.SkippedKeys : []);
    }

    // Only floating-point tensors change dtype; integer and boolean buffers keep theirs.
    private Tensor Convert(Tensor tensor) =>
        dtype is { } wanted && tensor.is_floating_point() && tensor.dtype != wanted ? tensor.to_type(wanted) : tensor;
}
