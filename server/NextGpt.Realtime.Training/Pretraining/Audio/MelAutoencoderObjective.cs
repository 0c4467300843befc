using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// The mel VAE's objective (AudioLDM's first stage, without its adversarial and perceptual terms, which a world of five
/// sound kinds does not need): L1 reconstruction of the log-mel from a posterior sample, plus a small KL to the unit
/// Gaussian so that the latents stay a smooth, bounded space for diffusion.
/// </summary>
public sealed class MelAutoencoderObjective : ITrainingObjective
{
    /// <summary>KL weight on the per-element mean KL (LDM's kl-f4 weight of 1e-6 on sums is of this order here).</summary>
    public const double KlWeight = 1e-4;

    private readonly AutoencoderKL _vae;
    private readonly Tensor _mels;
    private readonly BatchOrder _order;

    /// <param name="mels">(N, T, 64) log-mels.</param>
    public MelAutoencoderObjective(AutoencoderKL vae, Tensor mels, int batchSize, int seed)
    {
        _vae = vae;
        _mels = mels;
        _order = new BatchOrder((int)mels.shape[0], batchSize, seed);
        TrainableParameters = vae.named_parameters().Select(p => (p.name, p.parameter)).ToList();
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        _vae.train();
        var indices = tensor(_order.IndicesAt(step).Select(i => (long)i).ToArray());
        var mel = _mels.index_select(0, indices).unsqueeze(1);                            // (B, 1, T, 64)
        Tensor mean, logVar, latents;
        using (var posterior = _vae.Encode(mel))
        {
            (mean, logVar, latents) = (posterior.Mean.alias(), posterior.LogVar.alias(), posterior.Sample());   // (B, C, T/4, 16)
        }

        var reconstruction = _vae.Decode(latents);                                        // (B, 1, T, 64)
        var l1 = (reconstruction - mel).abs().mean();
        var kl = (0.5 * (mean.pow(2) + logVar.exp() - 1 - logVar)).mean();
        return new TrainingLoss(l1 + (KlWeight * kl), new Dictionary<string, double>
        {
            ["l1"] = l1.item<float>(),
            ["kl"] = kl.item<float>(),
        });
    }
}
