using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// Training media already encoded by the (frozen) VAE: each item's posterior mean and standard deviation, and its caption's
/// condition (CLIP ids when the text encoder trains with the UNet, its hidden states when it is frozen). Encoding once keeps the VAE encoder out of every diffusion step; a fresh posterior sample per step keeps the
/// VAE's noise, as training on <c>latent_dist.sample()</c> does. Works for images (N, C, h, w) and videos (N, C, F, h, w).
/// </summary>
public sealed class LatentSet : IDisposable
{
    private readonly Tensor _mean;
    private readonly Tensor _std;
    private readonly Tensor _conditions;
    private readonly Tensor _empty;

    /// <param name="mean">(N, C, ...) posterior means.</param>
    /// <param name="std">(N, C, ...) posterior standard deviations.</param>
    /// <param name="conditions">(N, ...) each caption's condition: (N, L) ids or (N, L, D) hidden states.</param>
    /// <param name="empty">(...) the empty caption's condition, of one row's shape.</param>
    /// <param name="scalingFactor">The VAE's scaling_factor, applied as the pipelines undo it before decoding.</param>
    public LatentSet(Tensor mean, Tensor std, Tensor conditions, Tensor empty, double scalingFactor)
    {
        if (!mean.shape.SequenceEqual(std.shape) || conditions.shape[0] != mean.shape[0] || !conditions.shape[1..].SequenceEqual(empty.shape))
        {
            throw new ArgumentException("Means, deviations, caption conditions and the empty caption's condition do not describe the same items.");
        }

        _mean = mean;
        _std = std;
        _conditions = conditions;
        _empty = empty;
        ScalingFactor = scalingFactor;
    }

    public double ScalingFactor { get; }

    public long Count => _mean.shape[0];

    /// <summary>The VAE's posterior (mean, std) of images, encoded in batches without gradients.</summary>
    /// <param name="pixels">(N, 3, H, W) in [-1, 1].</param>
    public static (Tensor Mean, Tensor Std) Encode(AutoencoderKL vae, Tensor pixels, int batchSize = 64)
    {
        vae.eval();
        using var noGrad = no_grad();
        var means = new List<Tensor>();
        var stds = new List<Tensor>();
        for (long start = 0; start < pixels.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            using var posterior = vae.Encode(pixels.narrow(0, start, Math.Min(batchSize, pixels.shape[0] - start)));
            means.Add(posterior.Mean.clone().MoveToOuterDisposeScope());
            stds.Add(posterior.Std.clone().MoveToOuterDisposeScope());
        }

        return (cat(means, 0), cat(stds, 0));                                                    // (N, C, h, w) each
    }

    /// <summary>A random batch: scaled posterior samples and caption conditions, each caption replaced by the empty one
    /// with probability <paramref name="captionDropout"/>.</summary>
    /// <returns>(B, C, ...) latents and (B, ...) conditions.</returns>
    public (Tensor Latents, Tensor Conditions) Sample(int batchSize, double captionDropout)
    {
        var indices = randint(0, Count, [batchSize], dtype: ScalarType.Int64);
        var mean = _mean.index_select(0, indices);
        var latents = (mean + (_std.index_select(0, indices) * randn_like(mean))) * ScalingFactor;
        var shape = new long[_conditions.dim()];
        Array.Fill(shape, 1L);
        shape[0] = batchSize;
        var dropped = rand(batchSize).lt(captionDropout).view(shape);                           // (B, 1, ...)
        var conditions = where(dropped, _empty.unsqueeze(0), _conditions.index_select(0, indices));  // (B, ...)
        return (latents, conditions);
    }

    public void Dispose()
    {
        _mean.Dispose();
        _std.Dispose();
        _conditions.Dispose();
        _empty.Dispose();
    }
}
