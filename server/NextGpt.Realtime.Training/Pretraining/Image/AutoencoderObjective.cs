using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Training.Loop;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The image VAE's objective (Rombach et al. 2022, section 3 and appendix G, without the perceptual and adversarial terms,
/// which flat-coloured shapes do not need): L1 reconstruction of a posterior sample's decoding plus a small KL to N(0, I),
/// which keeps the latent space smooth enough for diffusion. Parts: <c>rec</c> and <c>kl</c>.
/// The reconstruction weighs object pixels more (<see cref="ObjectWeightedReconstruction"/>).
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

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        _vae.train();
        var indices = randint(0, _images.Count, [_batchSize], dtype: ScalarType.Int64);
        var pixels = _images.Batch(indices);                                                     // (B, 3, 64, 64)
        using var posterior = _vae.Encode(pixels);                                               // (B, C, h, w) each
        var reconstruction = _vae.Decode(posterior.Sample());                                    // (B, 3, 64, 64)
        var rec = ObjectWeightedReconstruction.L1(reconstruction, pixels);
        var kl = (0.5 * (posterior.Mean.pow(2) + posterior.Std.pow(2) - 1 - posterior.LogVar)).mean();
        var total = rec + (_klWeight * kl);
        return new TrainingLoss(total, new Dictionary<string, double> { ["rec"] = rec.item<float>(), ["kl"] = kl.item<float>() });
    }
}
