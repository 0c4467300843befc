using TorchSharp;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>The dtype codes of the safetensors format (huggingface/safetensors, "Format") and their libtorch types.</summary>
public static class SafeTensorsDType
{
    private static readonly Dictionary<string, torch.ScalarType> ByCode = new(StringComparer.Ordinal)
    {
        ["F64"] = torch.ScalarType.Float64,
        ["F32"] = torch.ScalarType.Float32,
        ["F16"] = torch.ScalarType.Float16,
        ["BF16"] = torch.ScalarType.BFloat16,
        ["I64"] = torch.ScalarType.Int64,
        ["I32"] = torch.ScalarType.Int32,
        ["I16"] = torch.ScalarType.Int16,
        ["I8"] = torch.ScalarType.Int8,
        ["U8"] = torch.ScalarType.Byte,
        ["BOOL"] = torch.ScalarType.Bool,
    };

    public static torch.ScalarType Parse(string code) => ByCode.TryGetValue(code, out var type)
        ? type
        : throw new InvalidDataException($"safetensors dtype '{code}' is not supported (supported: {string.Join(", ", ByCode.Keys)}).");

    public static string Code(torch.ScalarType type)
    {
        foreach (var (code, candidate) in ByCode)
        {
            if (candidate == type)
            {
                return code;
            }
        }

        throw new ArgumentException($"Tensors of type {type} cannot be written to safetensors.", nameof(type));
    }

    public static int ElementSize(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float64 or torch.ScalarType.Int64 => 8,
        torch.ScalarType.Float32 or torch.ScalarType.Int32 => 4,
        torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Int16 => 2,
        torch.ScalarType.Int8 or torch.ScalarType.Byte or torch.ScalarType.Bool => 1,
        _ => throw new ArgumentException($"No safetensors element size for {type}.", nameof(type)),
    };
}
