using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

/// <summary>
/// A PyTorch <c>.bin/.pt/.pth</c> checkpoint in <c>torch.save</c>'s zip format (PyTorch 1.6 and later):
/// <c>{archive}/data.pkl</c> is read by <see cref="RestrictedUnpickler"/>, which never executes anything, and each tensor's
/// bytes are read from <c>{archive}/data/{key}</c> only when asked for. Nested dictionaries (for example
/// <c>{"state_dict": {...}}</c> or <c>{"model": {...}}</c>) are flattened with dots; values that are not tensors (an epoch
/// counter, say) are listed in <see cref="SkippedKeys"/>.
/// </summary>
public sealed class PyTorchCheckpointFile : ITensorSource
{
    private readonly ZipArchive _zip;
    private readonly string _archive;
    private readonly Dictionary<string, TorchTensorRecord> _tensors;
    private readonly List<string> _order;

    private PyTorchCheckpointFile(string path, ZipArchive zip, string archive, List<(string Name, TorchTensorRecord Record)> tensors,
        IReadOnlyList<string> skipped)
    {
        Path = path;
        _zip = zip;
        _archive = archive;
        _order = tensors.Select(t => t.Name).ToList();
        _tensors = tensors.ToDictionary(t => t.Name, t => t.Record, StringComparer.Ordinal);
        SkippedKeys = skipped;
    }

    public string Path { get; }

    public IEnumerable<string> Names => _order;

    /// <summary>Keys whose values were not tensors.</summary>
    public IReadOnlyList<string> SkippedKeys { get; }

    /// <summary>The raw record of a tensor (dtype, storage, view).</summary>
    public TorchTensorRecord Record(string name) =>
        _tensors.TryGetValue(name, out var record) ? record : throw new KeyNotFoundException($"{Path} has no tensor '{name}'.");

    public IReadOnlyList<long> ShapeOf(string name) => Record(name).Shape;

    public static PyTorchCheckpointFile Open(string path)
    {
        using (var probe = File.OpenRead(path))
        {
            Span<byte> magic = stackalloc byte[4];
            var read = probe.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            if (read < 4)
            {
                throw new InvalidDataException($"{path} is {read} bytes long: not a PyTorch checkpoint.");
            }

            if (magic[0] == 0x80 && magic[1] <= 5)
            {
                throw new InvalidDataException(
                    $"{path} uses PyTorch's legacy (pre-1.6, non-zip) format, which this reader does not support. " +
                    "Re-save it with a current PyTorch: torch.save(torch.load(path), new_path).");
            }

            if (magic[0] != (byte)'P' || magic[1] != (byte)'K')
            {
                throw new InvalidDataException($"{path} is not a PyTorch zip checkpoint (it does not start like a zip file).");
            }
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{path} is a damaged zip file: {error.Message}", error);
        }

        try
        {
            var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl").ToList();
            if (pickles.Count != 1)
            {
                throw new InvalidDataException($"{path} holds {pickles.Count} data.pkl entries; a torch.save file holds one.");
            }

            var archive = pickles[0].FullName[..^"data.pkl".Length];
            var root = RestrictedUnpickler.Load(ReadEntry(pickles[0], path), path);
            var tensors = new List<(string, TorchTensorRecord)>();
            var skipped = new List<string>();
            Flatten(root, "", tensors, skipped, path);
            foreach (var (name, record) in tensors)
            {
                record.Validate(name);
                var entry = zip.GetEntry($"{archive}data/{record.Storage.Key}")
                    ?? throw new InvalidDataException($"{path}: tensor '{name}' names storage {record.Storage.Key}, which the archive lacks.");
                var expected = record.Storage.ElementCount * SafeTensorsDType.ElementSize(record.Storage.DType);
                if (entry.Length != expected)
                {
                    throw new InvalidDataException(
                        $"{path}: storage {record.Storage.Key} holds {entry.Length} bytes, its {record.Storage.ElementCount} elements need {expected}.");
                }
            }

            return new PyTorchCheckpointFile(path, zip, archive, tensors, skipped);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public Tensor Read(string name, ScalarType? dtype = null, Device? device = null)
    {
        var record = Record(name);
        using var scope = NewDisposeScope();
        var storage = empty(record.Storage.ElementCount, record.Storage.DType);             // (numel,)
        if (record.Storage.ElementCount > 0)
        {
            using var stream = _zip.GetEntry($"{_archive}data/{record.Storage.Key}")!.Open();
            stream.ReadExactly(storage.bytes);
        }

        var view = storage.as_strided(record.Shape, record.Stride, record.StorageOffset);          // (shape)
        // A tensor covering its whole storage is used as it is; a view is copied so it does not keep the storage alive.
        var tensor = view.numel() == storage.numel() ? view.contiguous() : view.contiguous().clone();
        if (dtype is { } wanted && wanted != tensor.dtype)
        {
            tensor = tensor.to_type(wanted);
        }

        if (device is not null && device.type != DeviceType.CPU)
        {
            tensor = tensor.to(device);
        }

        return tensor.MoveToOuterDisposeScope();
    }

    public void Dispose() => _zip.Dispose();

    private static void Flatten(object? value, string prefix, List<(string, TorchTensorRecord)> tensors, List<string> skipped, string path)
    {
        switch (value)
        {
            case TorchTensorRecord record:
                tensors.Add((prefix, record));
                break;
            case OrderedDictionary<object, object?> dictionary:
                foreach (var (key, item) in dictionary)
                {
                    var name = key as string ?? Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)!;
                    Flatten(item, prefix.Length == 0 ? name : $"{prefix}.{name}", tensors, skipped, path);
                }

                break;
            default:
                if (prefix.Length == 0)
                {
                    throw new InvalidDataException($"{path} holds a {value?.GetType().Name ?? "None"}, not a state dict.");
                }

                skipped.Add(prefix);
                break;
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string path)
    {
        const long MaxPickleBytes = 256L << 20;
        if (entry.Length > MaxPickleBytes)
        {
            throw new InvalidDataException($"{path}: data.pkl is {entry.Length} bytes; a state dict's is far smaller.");
        }

        using var stream = entry.Open();
        var bytes = new byte[entry.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
