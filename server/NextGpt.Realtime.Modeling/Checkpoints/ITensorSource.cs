using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Checkpoints;

/// <summary>A checkpoint file whose tensors are read one at a time by name (safetensors or a PyTorch zip checkpoint).</summary>
public interface ITensorSource : IDisposable
{
    /// <summary>The file it reads.</summary>
    string Path { get; }

    /// <summary>Tensor names in file order.</summary>
    IEnumerable<string> Names { get; }

    /// <summary>The shape of a tensor, without reading it.</summary>
    IReadOnlyList<long> ShapeOf(string name);

    /// <summary>Reads one tensor (a contiguous copy), optionally converted to <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    Tensor Read(string name, ScalarType? dtype = null, Device? device = null);
}
