using System.Text.RegularExpressions;
using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// Loads a diffusers model folder's weights (safetensors, else PyTorch <c>.bin</c> through the restricted reader) into a module, strictly (every key present with its shape, no
/// key left over). Older checkpoints, among them Stable Diffusion 1.5's VAE, name the VAE's mid-block attention
/// <c>query/key/value/proj_attn</c>; diffusers 0.17.1 renames them at load time to <c>to_q/to_k/to_v/to_out.0</c>
/// (modeling_utils.py <c>_convert_deprecated_attention_blocks</c>) and so does this loader.
/// </summary>
public static partial class DiffusersWeights
{
    private const string WeightsName = "diffusion_pytorch_model";

    private static readonly Dictionary<string, string> DeprecatedAttentionNames = new(StringComparer.Ordinal)
    {
        ["query"] = "to_q", ["key"] = "to_k", ["value"] = "to_v", ["proj_attn"] = "to_out.0",
    };

    /// <summary>Converts <paramref name="module"/> to <paramref name="dtype"/>, fills it from the folder's weights and sets eval mode.</summary>
    public static void LoadInto(nn.Module module, string directory, ScalarType dtype = ScalarType.Float32)
    {
        if (dtype != ScalarType.Float32)
        {
            module.to(dtype);
        }

        var files = new List<ITensorSource>();
        try
        {
            files.AddRange(WeightFiles(directory).Select(CheckpointFiles.Open));
            var targets = module.state_dict();
            var sources = new Dictionary<string, (ITensorSource File, string Name)>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                foreach (var name in file.Names)
                {
                    sources[ModuleKey(name, targets)] = (file, name);
                }
            }

            var missing = targets.Keys.Where(k => !sources.ContainsKey(k)).ToList();
            var unexpected = sources.Keys.Where(k => !targets.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
            {
                throw new InvalidDataException(
                    $"The weights in {directory} do not match the model built from its config.json: {missing.Count} missing " +
                    $"({Preview(missing)}), {unexpected.Count} unexpected ({Preview(unexpected)}).");
            }

            using var noGrad = no_grad();
            foreach (var (key, target) in targets)
            {
                var (file, name) = sources[key];
                var shape = file.ShapeOf(name);
                if (!shape.SequenceEqual(target.shape))
                {
                    throw new InvalidDataException(
                        $"{key}: the checkpoint has shape [{string.Join(", ", shape)}], the model expects [{string.Join(", ", target.shape)}].");
                }

                using var source = file.Read(name, target.dtype, target.device);
                target.copy_(source);
            }
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }

        module.eval();
    }

    /// <summary>
    /// The weight files of a diffusers model folder: <c>diffusion_pytorch_model.safetensors</c>, else its shards, else the
    /// fp16 variant, else every safetensors file, else <c>diffusion_pytorch_model.bin</c> (or its shards).
    /// </summary>
    public static IReadOnlyList<string> WeightFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model folder {directory} does not exist.");
        }

        var all = Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal).ToList();
        var plain = Path.Combine(directory, WeightsName + ".safetensors");
        var shards = all.Where(f => Path.GetFileName(f).StartsWith(WeightsName + "-", StringComparison.Ordinal)).ToList();
        var fp16 = Path.Combine(directory, WeightsName + ".fp16.safetensors");
        var chosen = all.Contains(plain) ? [plain] : shards.Count > 0 ? shards : all.Contains(fp16) ? [fp16] : all;
        if (chosen.Count == 0)
        {
            chosen = Directory.GetFiles(directory, WeightsName + "*.bin").Order(StringComparer.Ordinal).ToList();
        }

        return chosen.Count > 0
            ? chosen
            : throw new FileNotFoundException($"{directory} holds no {WeightsName} weights (*.safetensors or .bin).");
    }

    private static string ModuleKey(string checkpointKey, IDictionary<string, Tensor> targets)
    {
        if (targets.ContainsKey(checkpointKey))
        {
            return checkpointKey;
        }

        var match = DeprecatedAttentionKey().Match(checkpointKey);
        if (!match.Success)
        {
            return checkpointKey;
        }

        var renamed = $"{match.Groups["path"].Value}.{DeprecatedAttentionNames[match.Groups["name"].Value]}.{match.Groups["param"].Value}";
        return targets.ContainsKey(renamed) ? renamed : checkpointKey;
    }

    private static string Preview(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? ", ..." : "");

    [GeneratedRegex(@"^(?<path>.+\.attentions\.\d+)\.(?<name>query|key|value|proj_attn)\.(?<param>weight|bias)$")]
    private static partial Regex DeprecatedAttentionKey();
}
