using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// Frame-by-frame use of an image VAE for video latents (B, C, F, h, w), as Zeroscope's TextToVideoSDPipeline
/// (diffusers 0.17.1 <c>decode_latents</c>) does with the SD VAE: frames are folded into the batch, here a few at a time
/// so memory stays bounded for long clips.
/// </summary>
public static class VaeVideo
{
    /// <param name="latents">(B, latent, F, h, w), scaled as the diffusion model sees them.</param>
    /// <param name="framesPerCall">How many frames one decoder call processes.</param>
    /// <returns>(B, out_channels, F, H, W), nominally in [-1, 1].</returns>
    public static Tensor Decode(AutoencoderKL vae, Tensor latents, int framesPerCall = 1)
    {
        CheckVideo(latents, nameof(latents), framesPerCall);
        using var scope = NewDisposeScope();
        var (batch, channels, frames) = (latents.shape[0], latents.shape[1], latents.shape[2]);
        var flat = (latents / vae.ScalingFactor).permute(0, 2, 1, 3, 4).reshape(batch * frames, channels, latents.shape[3], latents.shape[4]);
        var decoded = cat(Chunks(flat, framesPerCall).Select(vae.Decode).ToArray(), dim: 0);           // (B F, out, H, W)
        var video = decoded.reshape(batch, frames, decoded.shape[1], decoded.shape[2], decoded.shape[3]).permute(0, 2, 1, 3, 4);
        return video.contiguous().MoveToOuterDisposeScope();                                               // (B, out, F, H, W)
    }

    /// <param name="video">(B, in_channels, F, H, W) in [-1, 1].</param>
    /// <returns>(B, latent, F, h, w): the posterior means, multiplied by the scaling factor.</returns>
    public static Tensor EncodeMean(AutoencoderKL vae, Tensor video, int framesPerCall = 1)
    {
        CheckVideo(video, nameof(video), framesPerCall);
        using var scope = NewDisposeScope();
        var (batch, channels, frames) = (video.shape[0], video.shape[1], video.shape[2]);
        var flat = video.permute(0, 2, 1, 3, 4).reshape(batch * frames, channels, video.shape[3], video.shape[4]);
        var means = cat(Chunks(flat, framesPerCall).Select(chunk =>
        {
            using var posterior = vae.Encode(chunk);
            return posterior.Mean * vae.ScalingFactor;
        }).ToArray(), dim: 0);                                                                             // (B F, latent, h, w)
        var latents = means.reshape(batch, frames, means.shape[1], means.shape[2], means.shape[3]).permute(0, 2, 1, 3, 4);
        return latents.contiguous().MoveToOuterDisposeScope();
    }

    private static IEnumerable<Tensor> Chunks(Tensor flat, int size)
    {
        for (long start = 0; start < flat.shape[0]; start += size)
        {
            yield return flat.narrow(0, start, Math.Min(size, flat.shape[0] - start));
        }
    }

    private static void CheckVideo(Tensor tensor, string name, int framesPerCall)
    {
        if (tensor.dim() != 5)
        {
            throw new ArgumentException($"{name} must be (B, C, F, H, W); got shape [{string.Join(", ", tensor.shape)}].", name);
        }

        if (framesPerCall <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerCall), framesPerCall, "Give at least one frame per call.");
        }
    }
}
