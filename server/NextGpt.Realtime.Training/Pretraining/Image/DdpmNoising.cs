using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The forward process the diffusion decoders are trained on (Ho et al. 2020, eq. 4; diffusers' DDPMScheduler.add_noise):
/// x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps with t uniform over the training timesteps, using the same beta
/// schedule as the scheduler the pipeline samples with, so that the UNet's epsilon means what the sampler expects.
/// </summary>
public sealed class DdpmNoising
{
    private readonly float[] _signal;
    private readonly float[] _noise;

    public DdpmNoising(SchedulerConfig config)
    {
        var alphasCumprod = NoiseSchedule.AlphasCumprod(config);
        _signal = alphasCumprod.Select(a => (float)Math.Sqrt(a)).ToArray();
        _noise = alphasCumprod.Select(a => (float)Math.Sqrt(1 - a)).ToArray();
    }

    public int Timesteps => _signal.Length;

    /// <summary>Draws t and eps from libtorch's generator (seeded per step by the training loop) and noises the batch.</summary>
    /// <param name="clean">(B, ...) clean latents.</param>
    /// <returns>The noisy latents (B, ...), the noise added (B, ...), and the timesteps (B).</returns>
    public (Tensor Noisy, Tensor Noise, Tensor Timesteps) Apply(Tensor clean)
    {
        var batch = clean.shape[0];
        var timesteps = randint(0, Timesteps, [batch], dtype: ScalarType.Int64);                 // (B)
        var noise = randn_like(clean);
        var broadcast = new long[clean.dim()];
        Array.Fill(broadcast, 1L);
        broadcast[0] = batch;
        var signal = tensor(_signal).index_select(0, timesteps).view(broadcast).to(clean.device);  // (B, 1, ...)
        var sigma = tensor(_noise).index_select(0, timesteps).view(broadcast).to(clean.device);
        return ((signal * clean) + (sigma * noise), noise, timesteps.to(clean.device));
    }
}
