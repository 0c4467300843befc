using TorchSharp;

namespace NextGpt.Realtime.Modeling.Runtime;

/// <summary>What <see cref="TorchRuntime.Initialize"/> found: the libtorch build and the device models run on.</summary>
/// <param name="LibTorchVersion">libtorch's own version string, for example <c>2.10.0</c>.</param>
/// <param name="Device">The device models are placed on.</param>
/// <param name="CpuThreads">libtorch's intra-op thread count.</param>
/// <param name="CudaDeviceCount">GPUs libtorch can see (0 with the CPU build).</param>
public sealed record TorchRuntimeInfo(string LibTorchVersion, torch.Device Device, int CpuThreads, int CudaDeviceCount)
{
    /// <summary>True when models run on a GPU.</summary>
    public bool IsCuda => Device.type == DeviceType.CUDA;
}
