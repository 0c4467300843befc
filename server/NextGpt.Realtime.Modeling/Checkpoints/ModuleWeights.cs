using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>
/// Copies checkpoint tensors into a module's parameters and buffers by state-dict key, strictly: every key the module has
/// must be found with the same shape, and every key in the files must be used, unless a rule says it may be absent or
/// ignored. Tensors are read one at a time (lazy), converted to the module's dtype and device.
/// </summary>
public static class ModuleWeights
{
    /// <param name="module">The module to fill; its state-dict keys are the checkpoint names.</param>
    /// <param name="files">Weight files (safetensors or PyTorch checkpoints, see <see cref="CheckpointFiles"/>); a key may be in any of them.</param>
    /// <param name="mayBeAbsent">Module keys that may be missing from the files (tied weights, for instance).</param>
    /// <param name="ignore">File keys that are not weights of this module (for example LLaMA-1's rotary inv_freq buffers).</param>
    public static void Load(nn.Module module, IReadOnlyList<string> files, Func<string, bool>? mayBeAbsent = null,
        Func<string, bool>? ignore = null)
    {
        if (files.Count == 0)
        {
            throw new FileNotFoundException("No weight files were given.");
        }

        var opened = new List<ITensorSource>();
        try
        {
            opened.AddRange(files.Select(CheckpointFiles.Open));
            var owner = new Dictionary<string, ITensorSource>(StringComparer.Ordinal);
            foreach (var file in opened)
            {
                foreach (var name in file.Names)
                {
                    owner[name] = file;
                }
            }

            var targets = module.state_dict();
            var missing = targets.Keys.Where(k => !owner.ContainsKey(k) && !(mayBeAbsent?.Invoke(k) ?? false)).ToList();
            var unexpected = owner.Keys.Where(k => !targets.ContainsKey(k) && !(ignore?.Invoke(k) ?? false)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
            {
                throw new InvalidDataException(
                    $"The weights in {string.Join(", ", files.Select(Path.GetFileName))} do not match the model: " +
                    $"{missing.Count} missing ({Preview(missing)}), {unexpected.Count} unexpected ({Preview(unexpected)}).");
            }

            using var noGrad = no_grad();
            foreach (var (name, target) in targets)
            {
                if (!owner.TryGetValue(name, out var file))
                {
                    continue;
                }

                var shape = file.ShapeOf(name);
                if (!shape.SequenceEqual(target.shape))
                {
                    throw new InvalidDataException(
                        $"{name}: the checkpoint has shape [{string.Join(", ", shape)}], the model expects [{string.Join(", ", target.shape)}].");
                }

                using var source = file.Read(name, target.dtype, target.device);
                target.copy_(source);
            }
        }
        finally
        {
            opened.ForEach(f => f.Dispose());
        }
    }

    /// <summary>The weight files of a model folder (<see cref="CheckpointFiles.In"/>).</summary>
    public static IReadOnlyList<string> FilesIn(string directory) => CheckpointFiles.In(directory);

    private static string Preview(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? ", ..." : "");
}
