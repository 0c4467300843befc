using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// Training media already encoded by the (frozen) VAE: each item's posterior mean and standard deviation, and its caption's
/// CLIP ids. Encoding once keeps the VAE encoder out of every diffusion step; a fresh posterior sample per step keeps the
/// VAE's noise, as training on <c>latent_dist.sample()</c> does. Works for images (N, C, h, w) and videos (N, C, F, h, w).
/// </summary>
public sealed class LatentSet : IDisposable
{
    private readonly Tensor _mean;
    private readonly Tensor _std;
    private readonly Tensor _ids;
    private readonly Tensor _emptyIds;

    /// <param name="mean">(N, C, ...) posterior means.</param>
    /// <param name="std">(N, C, ...) posterior standard deviations.</param>
    /// <param name="ids">(N, L) caption ids.</param>
    /// <param name="emptyIds">(L) ids of the empty caption.</param>
    /// <param name="scalingFactor">The VAE's scaling_factor, applied as the pipelines undo it before decoding.</param>
    public LatentSet(Tensor mean, Tensor std, Tensor ids, Tensor emptyIds, double scalingFactor)
    {
        if (!mean.shape.SequenceEqual(std.shape) || ids.dim() != 2 || ids.shape[0] != mean.shape[0] || emptyIds.dim() != 1
            || emptyIds.shape[0] != ids.shape[1])
        {
            throw new ArgumentException("Means, deviations, caption ids and the empty caption's ids do not describe the same items.");
        }

        _mean = mean;
        _std = std;
        _ids = ids;
        _emptyIds = emptyIds;
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

    /// <summary>A random batch: scaled posterior samples and caption ids, each caption replaced by the empty one with
    /// probability <paramref name="captionDropout"/>.</summary>
    /// <returns>(B, C, ...) latents and (B, L) ids.</returns>
    public (Tensor Latents, Tensor Ids) Sample(int batchSize, double captionDropout)
    {
        var indices = randint(0, Count, [batchSize], dtype: ScalarType.Int64);
        var mean = _mean.index_select(0, indices);
        var latents = (mean + (_std.index_select(0, indices) * randn_like(mean))) * ScalingFactor;
        var dropped = rand(batchSize).lt(captionDropout).unsqueeze(1);                         // (B, 1)
        var ids = where(dropped, _emptyIds.unsqueeze(0), _ids.index_select(0, indices));         // (B, L)
        return (latents, ids);
    }

    public void Dispose()
    {
        _mean.Dispose();
        _std.Dispose();
        _ids.Dispose();
        _emptyIds.Dispose();
    }
}
