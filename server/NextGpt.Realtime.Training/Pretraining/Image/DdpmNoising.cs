using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The forward process the diffusion decoders are trained on (Ho et al. 2020, eq. 4; diffusers' DDPMScheduler.add_noise):
/// x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps with t uniform over the training timesteps, using the same beta
/// schedule and prediction_type as the scheduler the pipeline samples with, so that the UNet's output means what the
/// sampler expects. The target follows prediction_type: eps ("epsilon"), x_0 ("sample"), or
/// v = sqrt(alpha_bar_t) eps - sqrt(1 - alpha_bar_t) x_0 ("v_prediction", Salimans and Ho 2022; diffusers' get_velocity).
/// </summary>
public sealed class DdpmNoising
{
    private readonly float[] _signal;
    private readonly float[] _noise;
    private readonly string _predictionType;

    public DdpmNoising(SchedulerConfig config)
    {
        if (config.PredictionType is not ("epsilon" or "sample" or "v_prediction"))
        {
            throw new ArgumentException($"prediction_type '{config.PredictionType}' must be epsilon, sample or v_prediction.", nameof(config));
        }

        var alphasCumprod = NoiseSchedule.AlphasCumprod(config);
        _signal = alphasCumprod.Select(a => (float)Math.Sqrt(a)).ToArray();
        _noise = alphasCumprod.Select(a => (float)Math.Sqrt(1 - a)).ToArray();
        _predictionType = config.PredictionType;
        SignalToNoise = alphasCumprod.Select(a => (double)a / (1 - (double)a)).ToArray();
    }

    public int Timesteps => _signal.Length;

    /// <summary>SNR(t) = alpha_bar_t / (1 - alpha_bar_t), by timestep.</summary>
    public IReadOnlyList<double> SignalToNoise { get; }

    /// <summary>Draws t and eps from libtorch's generator (seeded per step by the training loop) and noises the batch.</summary>
    /// <param name="clean">(B, ...) clean latents.</param>
    /// <returns>The noisy latents (B, ...), what the UNet should predict for them (B, ...), and the timesteps (B).</returns>
    public (Tensor Noisy, Tensor Target, Tensor Timesteps) Apply(Tensor clean)
    {
        var timesteps = randint(0, Timesteps, [clean.shape[0]], dtype: ScalarType.Int64);       // (B)
        var (noisy, target) = Noise(clean, randn_like(clean), timesteps);
        return (noisy, target, timesteps.to(clean.device));
    }

    /// <summary>Noises <paramref name="clean"/> with the given eps at the given timesteps.</summary>
    /// <param name="clean">(B, ...) clean latents.</param>
    /// <param name="noise">(B, ...) eps.</param>
    /// <param name="timesteps">(B) on the CPU.</param>
    /// <returns>x_t (B, ...) and the target of prediction_type (B, ...).</returns>
    public (Tensor Noisy, Tensor Target) Noise(Tensor clean, Tensor noise, Tensor timesteps)
    {
        var signal = PerItem(_signal, timesteps, clean);                                          // (B, 1, ...)
        var sigma = PerItem(_noise, timesteps, clean);
        var target = _predictionType switch
        {
            "epsilon" => noise,
            "sample" => clean,
            _ => (signal * noise) - (sigma * clean),
        };
        return ((signal * clean) + (sigma * noise), target);
    }

    /// <summary>
    /// The mean squared error with Min-SNR-gamma weighting (Hang et al. 2023, "Efficient Diffusion Training via Min-SNR
    /// Weighting Strategy"): each item's loss is weighted as an x_0 loss by min(SNR(t), gamma), written for the target this
    /// noising predicts (divided by SNR for epsilon, by SNR + 1 for v, as diffusers' train_text_to_image.py does since 0.21).
    /// Without it the easy low-noise steps dominate and the
    /// high-noise steps, where the layout and colours of the image are decided, learn slowly.
    /// </summary>
    /// <param name="predicted">(B, ...) the UNet's output.</param>
    /// <param name="target">(B, ...) from <see cref="Apply"/>.</param>
    /// <param name="timesteps">(B) from <see cref="Apply"/>.</param>
    public Tensor MinSnrLoss(Tensor predicted, Tensor target, Tensor timesteps, double gamma = 5.0)
    {
        var weights = SignalToNoise.Select(snr => (float)(Math.Min(snr, gamma) / _predictionType switch
        {
            "epsilon" => snr,
            "sample" => 1.0,
            _ => snr + 1,
        })).ToArray();
        var perItem = (predicted - target).square().flatten(1).mean([1]);                        // (B)
        var weight = tensor(weights).index_select(0, timesteps.cpu()).to(predicted.device);      // (B)
        return (perItem * weight).mean();
    }

    private static Tensor PerItem(float[] values, Tensor timesteps, Tensor like)
    {
        var broadcast = new long[like.dim()];
        Array.Fill(broadcast, 1L);
        broadcast[0] = like.shape[0];
        return tensor(values).index_select(0, timesteps).view(broadcast).to(like.device);
    }
}
