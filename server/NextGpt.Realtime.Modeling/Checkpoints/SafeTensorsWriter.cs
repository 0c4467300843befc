using System.Text.Json;
using TorchSharp;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>
/// Writes a safetensors file one tensor at a time: the header is built from the declared dtypes and shapes, then each
/// tensor is read, written and released, so converting a multi-gigabyte checkpoint needs memory for one tensor only.
/// The file is written next to its destination and moved into place when complete, so a failed write leaves no
/// half-written weights behind. Same format as <see cref="SafeTensorsFile.Save"/> (names in ordinal order, header
/// space-padded to a multiple of 8).
/// </summary>
public static class SafeTensorsWriter
{
    /// <param name="tensors">Name, dtype and shape of every tensor to write.</param>
    /// <param name="read">Returns the tensor called name with the declared dtype and shape; it is disposed after writing.</param>
    public static void Write(string path, IReadOnlyList<(string Name, torch.ScalarType DType, long[] Shape)> tensors,
        Func<string, torch.Tensor> read, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = metadata;
        }

        long offset = 0;
        foreach (var (name, dtype, shape) in ordered)
        {
            var byteLength = shape.Aggregate(1L, (product, d) => checked(product * d)) * SafeTensorsDType.ElementSize(dtype);
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorsDType.Code(dtype),
                ["shape"] = shape,
                ["data_offsets"] = new[] { offset, offset + byteLength },
            };
            offset += byteLength;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var padded = (json.Length + 7) / 8 * 8;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
            {
                stream.Write(BitConverter.GetBytes((long)padded));
                stream.Write(json);
                stream.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
                foreach (var (name, dtype, shape) in ordered)
                {
                    using var scope = torch.NewDisposeScope();
                    var tensor = read(name);
                    if (tensor.dtype != dtype || !tensor.shape.SequenceEqual(shape))
                    {
                        throw new InvalidDataException(
                            $"{name} was declared {dtype} [{string.Join(", ", shape)}] but read as {tensor.dtype} [{string.Join(", ", tensor.shape)}].");
                    }

                    var contiguous = tensor.cpu().contiguous();
                    const long chunk = 1L << 30;
                    var flat = contiguous.reshape(-1);
                    var perChunk = chunk / SafeTensorsDType.ElementSize(dtype);
                    for (long done = 0; done < flat.shape[0]; done += perChunk)
                    {
                        stream.Write(flat.narrow(0, done, Math.Min(perChunk, flat.shape[0] - done)).bytes);
                    }
                }
            }

            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
