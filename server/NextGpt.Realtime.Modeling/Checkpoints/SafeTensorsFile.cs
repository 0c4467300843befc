using System.IO.MemoryMappedFiles;
using System.Text.Json;
using TorchSharp;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>
/// One <c>.safetensors</c> file, memory-mapped; tensors are read lazily one at a time, so a 7B shard never has to fit in
/// managed memory. Layout (huggingface/safetensors README): an 8-byte little-endian header length N, N bytes of JSON
/// mapping each name to <c>{dtype, shape, data_offsets: [begin, end]}</c> (offsets relative to the end of the header),
/// an optional <c>__metadata__</c> string map, then the raw little-endian tensor bytes.
/// </summary>
public sealed class SafeTensorsFile : ITensorSource
{
    private const string MetadataKey = "__metadata__";

    // The reference implementation refuses headers above 100 MB; a larger one means a corrupt or hostile file.
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorsEntry> _entries;

    private SafeTensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, long dataStart,
        Dictionary<string, SafeTensorsEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        _map = map;
        _view = view;
        _dataStart = dataStart;
        _entries = entries;
        Metadata = metadata;
    }

    public string Path { get; }

    /// <summary>The free-form <c>__metadata__</c> strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensor names in file order.</summary>
    public IEnumerable<string> Names => _entries.Values.OrderBy(e => e.Begin).Select(e => e.Name);

    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries => _entries;

    public bool Contains(string name) => _entries.ContainsKey(name);

    public IReadOnlyList<long> ShapeOf(string name) =>
        _entries.TryGetValue(name, out var entry) ? entry.Shape : throw new KeyNotFoundException($"{Path} has no tensor '{name}'.");

    /// <summary>Opens and validates a file: header size, JSON, dtypes, and that every tensor's bytes lie inside the file.</summary>
    public static SafeTensorsFile Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < 8)
        {
            throw new InvalidDataException($"{path} is not a safetensors file: {length} bytes is shorter than the 8-byte header length.");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        try
        {
            var headerLength = view.ReadInt64(0);
            if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > length)
            {
                throw new InvalidDataException($"{path} has an invalid safetensors header length {headerLength} (file is {length} bytes).");
            }

            var header = new byte[headerLength];
            view.ReadArray(8, header, 0, header.Length);
            var dataStart = 8 + headerLength;
            var (entries, metadata) = ParseHeader(path, header, length - dataStart);
            return new SafeTensorsFile(path, map, view, dataStart, entries, metadata);
        }
        catch
        {
            view.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Reads one tensor, optionally converting its dtype and moving it to a device.</summary>
    public torch.Tensor Read(string name, torch.ScalarType? dtype = null, torch.Device? device = null)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new KeyNotFoundException($"{Path} has no tensor '{name}'.");
        }

        var tensor = torch.empty(entry.Shape, entry.DType);
        if (entry.ByteLength > 0)
        {
            var target = tensor.bytes;
            unsafe
            {
                byte* pointer = null;
                _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
                try
                {
                    new ReadOnlySpan<byte>(pointer + _view.PointerOffset + _dataStart + entry.Begin, checked((int)entry.ByteLength))
                        .CopyTo(target);
                }
                finally
                {
                    _view.SafeMemoryMappedViewHandle.ReleasePointer();
                }
            }
        }

        if (dtype is { } wanted && wanted != entry.DType)
        {
            using var original = tensor;
            tensor = original.to_type(wanted);
        }

        if (device is not null && device.type != DeviceType.CPU)
        {
            using var cpu = tensor;
            tensor = cpu.to(device);
        }

        return tensor;
    }

    /// <summary>Reads every tensor (names in file order).</summary>
    public Dictionary<string, torch.Tensor> ReadAll(torch.ScalarType? dtype = null, torch.Device? device = null) =>
        Names.ToDictionary(name => name, name => Read(name, dtype, device), StringComparer.Ordinal);

    /// <summary>Loads a whole file into a dictionary.</summary>
    public static Dictionary<string, torch.Tensor> Load(string path, torch.ScalarType? dtype = null, torch.Device? device = null)
    {
        using var file = Open(path);
        return file.ReadAll(dtype, device);
    }

    /// <summary>
    /// Writes tensors (moved to the CPU and made contiguous) in name order with an optional metadata map.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, torch.Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 })
        {
            header[MetadataKey] = metadata;
        }

        long offset = 0;
        foreach (var name in names)
        {
            var tensor = tensors[name];
            var byteLength = tensor.numel() * SafeTensorsDType.ElementSize(tensor.dtype);
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorsDType.Code(tensor.dtype),
                ["shape"] = tensor.shape,
                ["data_offsets"] = new[] { offset, offset + byteLength },
            };
            offset += byteLength;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        // The format pads the header with spaces to a multiple of 8 so the data starts aligned.
        var padded = (json.Length + 7) / 8 * 8;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(BitConverter.GetBytes((long)padded));
        stream.Write(json);
        for (var i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var name in names)
        {
            using var contiguous = tensors[name].detach().cpu().contiguous();
            stream.Write(contiguous.bytes);
        }
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }

    private static (Dictionary<string, SafeTensorsEntry>, IReadOnlyDictionary<string, string>) ParseHeader(
        string path, byte[] header, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} has a safetensors header that is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: the safetensors header is not a JSON object.");
            }

            var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    foreach (var item in property.Value.EnumerateObject())
                    {
                        metadata[item.Name] = item.Value.GetString() ?? "";
                    }

                    continue;
                }

                entries[property.Name] = ParseEntry(path, property.Name, property.Value, dataLength);
            }

            return (entries, metadata);
        }
    }

    private static SafeTensorsEntry ParseEntry(string path, string name, JsonElement value, long dataLength)
    {
        try
        {
            var dtype = SafeTensorsDType.Parse(value.GetProperty("dtype").GetString() ?? "");
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var elements = shape.Aggregate(1L, (product, d) => d < 0 ? throw new InvalidDataException("negative dimension") : checked(product * d));
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength
                || offsets[1] - offsets[0] != elements * SafeTensorsDType.ElementSize(dtype))
            {
                throw new InvalidDataException(
                    $"data_offsets [{string.Join(", ", offsets)}] do not fit shape [{string.Join(", ", shape)}] of {dtype} " +
                    $"inside {dataLength} data bytes");
            }

            return new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1] - offsets[0]);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException
                                       or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' has an invalid safetensors entry: {ex.Message}", ex);
        }
    }
}

/// <summary>One tensor's header entry: where its bytes lie relative to the data section.</summary>
public sealed record SafeTensorsEntry(string Name, torch.ScalarType DType, long[] Shape, long Begin, long ByteLength);
