using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Training.Loop;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The image VAE's objective (Rombach et al. 2022, section 3 and appendix G, without the perceptual and adversarial terms,
/// which flat-coloured shapes do not need): L1 reconstruction of a posterior sample's decoding plus a small KL to N(0, I),
/// which keeps the latent space smooth enough for diffusion. Parts: <c>rec</c> and <c>kl</c>.
/// The reconstruction weighs object pixels (those away from the image's corner colour, i.e. its background)
/// <see cref="ObjectPixelWeight"/> times: a small shape covers a few percent of the image, and with a plain mean the first
/// VAE learned the background and drew every object as the same blurred red blob (round trip on held-out images: background
/// 100%, color 15%, shape 22%; <c>nextgpt eval-decoders</c>), which capped every image and clip the model made.
/// </summary>
public sealed class AutoencoderObjective : ITrainingObjective
{
    private readonly AutoencoderKL _vae;
    private readonly WorldImageSet _images;
    private readonly int _batchSize;
    private readonly double _klWeight;

    public AutoencoderObjective(AutoencoderKL vae, WorldImageSet images, int batchSize, double klWeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(klWeight);
        _vae = vae;
        _images = images;
        _batchSize = batchSize;
        _klWeight = klWeight;
        TrainableParameters = vae.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        foreach (var (_, parameter) in TrainableParameters)
        {
            parameter.requires_grad = true;
        }
    }

    /// <summary>How much more an object pixel's reconstruction error counts than a background pixel's.</summary>
    public const double ObjectPixelWeight = 10.0;

    // Object pixels differ from the corner by more than the renderer's background jitter (6 of 255, 0.05 in [-1, 1]).
    private const double ObjectThreshold = 0.15;

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        _vae.train();
        var indices = randint(0, _images.Count, [_batchSize], dtype: ScalarType.Int64);
        var pixels = _images.Batch(indices);                                                     // (B, 3, 64, 64)
        using var posterior = _vae.Encode(pixels);                                               // (B, C, h, w) each
        var reconstruction = _vae.Decode(posterior.Sample());                                    // (B, 3, 64, 64)
        var corner = pixels[.., .., ..1, ..1];                                                   // (B, 3, 1, 1)
        var isObject = (pixels - corner).abs().amax([1], keepdim: true).gt(ObjectThreshold);    // (B, 1, 64, 64)
        var weight = isObject.to_type(ScalarType.Float32).mul(ObjectPixelWeight - 1).add(1.0);
        var rec = ((reconstruction - pixels).abs() * weight).sum() / (weight.sum() * pixels.shape[1]);
        var kl = (0.5 * (posterior.Mean.pow(2) + posterior.Std.pow(2) - 1 - posterior.LogVar)).mean();
        var total = rec + (_klWeight * kl);
        return new TrainingLoss(total, new Dictionary<string, double> { ["rec"] = rec.item<float>(), ["kl"] = kl.item<float>() });
    }
}
