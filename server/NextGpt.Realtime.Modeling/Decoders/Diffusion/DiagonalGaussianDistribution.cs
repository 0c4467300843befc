using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// The VAE posterior (diffusers models/vae.py <c>DiagonalGaussianDistribution</c>): mean and log-variance split from the
/// encoder's moments along channels, log-variance clamped to [-30, 20]. Owns its tensors.
/// </summary>
public sealed class DiagonalGaussianDistribution : IDisposable
{
    /// <param name="moments">(B, 2 C, h, w). The tensors derived from it belong to this object, not to any dispose scope.</param>
    public DiagonalGaussianDistribution(Tensor moments)
    {
        using var scope = NewDisposeScope();
        var parts = moments.chunk(2, dim: 1);
        Mean = parts[0].contiguous().DetachFromDisposeScope();                       // (B, C, h, w)
        LogVar = parts[1].clamp(-30.0, 20.0).DetachFromDisposeScope();               // (B, C, h, w)
        Std = (LogVar * 0.5).exp().DetachFromDisposeScope();
    }

    public Tensor Mean { get; }

    public Tensor LogVar { get; }

    public Tensor Std { get; }

    /// <summary><c>mean + std * noise</c> with noise drawn by <paramref name="generator"/> on the CPU (diffusers'
    /// randn_tensor with a CPU generator), so a seed gives the same sample as PyTorch.</summary>
    public Tensor Sample(Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var noise = randn(Mean.shape, dtype: Mean.dtype, device: CPU, generator: generator).to(Mean.device);
        return (Mean + (Std * noise)).MoveToOuterDisposeScope();
    }

    /// <summary>The mode (the mean), which pipelines use to encode images deterministically.</summary>
    public Tensor Mode() => Mean.alias();

    public void Dispose()
    {
        Mean.Dispose();
        LogVar.Dispose();
        Std.Dispose();
    }
}
