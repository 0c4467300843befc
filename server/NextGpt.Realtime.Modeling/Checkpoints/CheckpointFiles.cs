using System.Text.Json;
using NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>
/// Finds and opens the weight files of a model folder: safetensors (one file, several, or sharded with
/// <c>model.safetensors.index.json</c>), else PyTorch checkpoints (<c>pytorch_model.bin</c>, sharded with
/// <c>pytorch_model.bin.index.json</c>, or <c>*.pt</c>/<c>*.pth</c>). Safetensors win when both are present, as in
/// transformers.
/// </summary>
public static class CheckpointFiles
{
    private static readonly string[] PyTorchExtensions = [".bin", ".pt", ".pth"];

    /// <summary>Opens one file by its extension.</summary>
    public static ITensorSource Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint file {path} does not exist.", path);
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension == ".safetensors" ? SafeTensorsFile.Open(path)
            : PyTorchExtensions.Contains(extension) ? PyTorchCheckpointFile.Open(path)
            : throw new InvalidDataException($"{path}: unknown checkpoint format '{extension}' (expected .safetensors, .bin, .pt or .pth).");
    }

    /// <summary>The weight files of a model folder, in name order; an index file, when present, decides which.</summary>
    public static IReadOnlyList<string> In(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model folder {directory} does not exist.");
        }

        foreach (var index in new[] { "model.safetensors.index.json", "pytorch_model.bin.index.json" })
        {
            var indexPath = Path.Combine(directory, index);
            if (File.Exists(indexPath))
            {
                return Sharded(indexPath);
            }
        }

        var safetensors = Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal).ToList();
        if (safetensors.Count > 0)
        {
            return safetensors;
        }

        var pytorch = Directory.GetFiles(directory)
            .Where(f => PyTorchExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        return pytorch.Count > 0
            ? pytorch
            : throw new FileNotFoundException($"{directory} holds no weights (*.safetensors, *.bin, *.pt, *.pth).");
    }

    // {"metadata": {...}, "weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors", ...}}
    private static List<string> Sharded(string indexPath)
    {
        var directory = Path.GetDirectoryName(indexPath)!;
        Dictionary<string, string>? map;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(indexPath));
            map = document.RootElement.GetProperty("weight_map").Deserialize<Dictionary<string, string>>();
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{indexPath} is not a valid shard index (it needs a \"weight_map\" object): {error.Message}", error);
        }

        var shards = (map ?? []).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (shards.Count == 0)
        {
            throw new InvalidDataException($"{indexPath} maps no weights.");
        }

        foreach (var shard in shards)
        {
            if (Path.GetFileName(shard) != shard || !File.Exists(Path.Combine(directory, shard)))
            {
                throw new FileNotFoundException($"{indexPath} names the shard '{shard}', which is not in {directory}.");
            }
        }

        return shards.Select(s => Path.Combine(directory, s)).ToList();
    }
}
