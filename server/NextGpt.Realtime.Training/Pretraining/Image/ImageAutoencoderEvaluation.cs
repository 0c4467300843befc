using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The ceiling the image VAE puts on every image and clip the model generates: held-out images (and clips, frame by frame)
/// encoded to the posterior mode and decoded again, judged by the same checkers as generated media. A UNet can at best
/// reproduce the latents of a correct image, so no generation score can beat these round-trip rates.
/// </summary>
public static class ImageAutoencoderEvaluation
{
    /// <param name="vaeFolder">An <c>image_decoder/vae</c> folder.</param>
    /// <param name="samples">Held-out images scored (held-out split, seeds 0 to samples - 1).</param>
    public static CheckerScore ScoreImages(string vaeFolder, int samples) => Score(vaeFolder, samples, (vae, world, seed) =>
    {
        var image = (ImageMedia)world.Image(seed).Media;
        return ImageChecker.Check(RoundTrip(vae, [image.Render()])[0], image.Scene);
    });

    /// <param name="vaeFolder">An <c>image_decoder/vae</c> folder (the video decoder shares it).</param>
    /// <param name="samples">Held-out clips scored (held-out split, seeds 0 to samples - 1).</param>
    public static CheckerScore ScoreClips(string vaeFolder, int samples) => Score(vaeFolder, samples, (vae, world, seed) =>
    {
        var clip = (ClipMedia)world.Clip(seed).Media;
        return ClipChecker.Check(new Clip(RoundTrip(vae, clip.Render().Frames)), clip.Clip);
    });

    private static CheckerScore Score(string vaeFolder, int samples, Func<AutoencoderKL, EmberfallWorld, int, CheckResult> check)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        using var vae = AutoencoderKL.FromPretrained(vaeFolder);
        vae.eval();
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        return CheckerScore.Of([.. Enumerable.Range(0, samples).Select(seed => check(vae, world, seed))], totalSeconds: 0);
    }

    private static RgbImage[] RoundTrip(AutoencoderKL vae, IReadOnlyList<RgbImage> images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pixels = stack(images.Select(WorldImageSet.ToModelRange).ToArray());                // (N, 3, H, W) in [-1, 1]
        using var posterior = vae.Encode(pixels);
        var decoded = vae.Decode(posterior.Mode());                                              // (N, 3, H, W) in [-1, 1]
        return RgbImageTensors.FromBatch((decoded / 2 + 0.5).clamp(0, 1));
    }
}
