using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Training.Pretraining.Image;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

/// <summary>The decoders' training targets against diffusers' DDPMScheduler (tools/reference/make_training_fixtures.py).</summary>
public sealed class DdpmNoisingTests
{
    [Fact]
    public void Noisy_latents_the_v_target_and_the_min_snr_loss_match_diffusers()
    {
        var reference = SafeTensorsFile.Load(Fixtures.PathOf("training", "ddpm_targets.safetensors"));
        var noising = new DdpmNoising(DecoderScheduler.Config);
        Assert.Equal("v_prediction", DecoderScheduler.Config.PredictionType);

        var (noisy, target) = noising.Noise(reference["clean"], reference["noise"], reference["timesteps"]);
        var loss = noising.MinSnrLoss(reference["predicted"], target, reference["timesteps"]);

        Assert.True(allclose(noisy, reference["noisy"], rtol: 1e-5, atol: 1e-5));
        Assert.True(allclose(target, reference["velocity"], rtol: 1e-5, atol: 1e-5));
        Assert.Equal(reference["loss"].item<float>(), loss.item<float>(), 4);
    }

    [Fact]
    public void The_sampler_recovers_the_clean_latents_from_the_v_target()
    {
        // DPM-Solver++ turns a v prediction into x_0 = alpha_t x_t - sigma_t v (diffusers' convert_model_output).
        var noising = new DdpmNoising(DecoderScheduler.Config);
        var clean = randn(3, 4, 2, 2) * 4;
        var timesteps = tensor(new long[] { 5, 500, 990 });
        var (noisy, target) = noising.Noise(clean, randn(3, 4, 2, 2), timesteps);
        var alphaBar = tensor(noising.SignalToNoise.Select(snr => (float)(snr / (snr + 1))).ToArray()).index_select(0, timesteps).view(3, 1, 1, 1);

        var recovered = (alphaBar.sqrt() * noisy) - ((1 - alphaBar).sqrt() * target);

        Assert.True(allclose(recovered, clean, rtol: 1e-4, atol: 1e-4));
    }
}
