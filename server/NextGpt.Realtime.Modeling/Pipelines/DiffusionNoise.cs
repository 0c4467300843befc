using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// Seeded initial noise exactly as diffusers draws it with a CPU generator (<c>randn_tensor(shape, generator)</c>):
/// <c>torch.Generator().manual_seed(seed)</c> then one <c>torch.randn</c> of the whole shape in float32 on the CPU, moved to
/// the model's device and dtype afterwards. The same seed therefore gives the same latents as PyTorch, on any device.
/// </summary>
public static class DiffusionNoise
{
    /// <returns>(shape) N(0, 1) noise on <paramref name="device"/> in <paramref name="dtype"/>.</returns>
    public static Tensor Randn(long[] shape, long seed, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var generator = Generator(seed);
        return Randn(shape, generator, dtype, device);
    }

    /// <summary>Draws from an existing CPU generator (advancing it), for callers that share one generator.</summary>
    public static Tensor Randn(long[] shape, Generator generator, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var noise = randn(shape, dtype: ScalarType.Float32, device: CPU, generator: generator);
        return noise.to(dtype, device ?? CPU).MoveToOuterDisposeScope();
    }

    /// <summary>A CPU generator seeded like <c>torch.Generator().manual_seed(seed)</c>.</summary>
    public static Generator Generator(long seed) => seed >= 0
        ? new Generator((ulong)seed, CPU)
        : throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seeds are non-negative.");
}
