using System.Diagnostics;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// The unrolled denoising loop of diffusers 0.17.1's StableDiffusionPipeline / AudioLDMPipeline / TextToVideoSDPipeline
/// <c>__call__</c>, with classifier-free guidance (Ho and Salimans 2022): the latents are duplicated, the model sees
/// [unconditional, conditional] conditioning in one batch, and <c>eps = eps_u + w (eps_c - eps_u)</c>. Between steps it
/// checks for cancellation, and after each step it reports progress, with the scheduler's x0 estimate every k steps.
/// </summary>
public static class GuidedDenoisingLoop
{
    /// <summary>What conditions the UNet: SD's encoder states or AudioLDM's class labels, each already [uncond; cond]
    /// when guided.</summary>
    public sealed record Conditioning(Tensor? EncoderHiddenStates, Tensor? ClassLabels, bool Guided, double GuidanceScale);

    /// <summary>
    /// The conditioning batch a run feeds the UNet: the conditioning itself, or, when guided, diffusers'
    /// <c>torch.cat([negative, positive])</c> with the unconditional rows expanded to the batch.
    /// </summary>
    /// <param name="conditioning">(B, ...) in the UNet's dtype and device after conversion.</param>
    /// <param name="unconditional">(B or 1, ...): the decoder's text encoder applied to ""; required when guided.</param>
    /// <param name="missing">What to say when guidance asks for an unconditional input that was not given.</param>
    /// <returns>(B, ...) or (2B, ...).</returns>
    public static Tensor GuidanceBatch(Tensor conditioning, Tensor? unconditional, bool guided, ScalarType dtype, Device device,
        string missing, string parameterName)
    {
        var context = conditioning.to(dtype, device);
        if (!guided)
        {
            return context;
        }

        var negative = unconditional ?? throw new ArgumentException(missing, parameterName);
        var expanded = negative.to(dtype, device).expand([conditioning.shape[0], .. negative.shape[1..]]);
        return cat([expanded, context], dim: 0);                                               // (2B, ...)
    }

    /// <summary>Called after every step, on the loop's thread.</summary>
    /// <param name="Step">1-based index of the step just finished.</param>
    /// <param name="Timestep">Its timestep.</param>
    /// <param name="PredictedOriginal">The scheduler's x0 estimate on preview steps (every k steps but the last), else
    /// null; valid only during the call.</param>
    public delegate void StepCallback(int Step, double Timestep, Tensor? PredictedOriginal);

    /// <param name="latents">(B, C, h, w) initial latents, already multiplied by the scheduler's init_noise_sigma; not disposed.</param>
    /// <param name="preview">Maps an x0 estimate to a preview image; null for no previews.</param>
    /// <returns>The final latents (B, C, h, w), owned by the caller's dispose scope.</returns>
    public static Tensor Run(UNet2DConditionModel unet, IScheduler scheduler, Tensor latents, Conditioning conditioning,
        int previewEvery, Func<Tensor, RgbImage?>? preview, IProgress<DiffusionProgress>? progress, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var total = scheduler.Timesteps.Count;
        return Run(
            (input, t) => unet.forward(new UNet2DConditionInput(input, t, conditioning.EncoderHiddenStates, conditioning.ClassLabels)),
            scheduler, latents, conditioning.Guided, conditioning.GuidanceScale, preview is null ? 0 : previewEvery,
            (step, t, x0) =>
            {
                var image = x0 is null ? null : preview!(x0);
                progress?.Report(new DiffusionProgress(step, total, t, clock.Elapsed, image));
            },
            cancellationToken);
    }

    /// <summary>The loop for any noise-predicting model.</summary>
    /// <param name="predictNoise">(model input, timestep as a float64 scalar) to the noise prediction; the input is
    /// [latents; latents] when guided.</param>
    /// <param name="latents">Initial latents, already multiplied by init_noise_sigma; not disposed.</param>
    /// <param name="previewEvery">Pass the x0 estimate to <paramref name="afterStep"/> every this many steps (0: never).</param>
    /// <returns>The final latents, owned by the caller's dispose scope.</returns>
    public static Tensor Run(Func<Tensor, Tensor, Tensor> predictNoise, IScheduler scheduler, Tensor latents, bool guided,
        double guidanceScale, int previewEvery, StepCallback? afterStep, CancellationToken cancellationToken)
    {
        var timesteps = scheduler.Timesteps;
        var current = latents;
        using var noGrad = no_grad();
        try
        {
            RunSteps();
        }
        catch
        {
            if (!ReferenceEquals(current, latents))
            {
                current.Dispose();
            }

            throw;
        }

        // A fresh handle registered in the caller's dispose scope; the loop's own detached handle is released.
        var result = current.alias();
        if (!ReferenceEquals(current, latents))
        {
            current.Dispose();
        }

        return result;

        void RunSteps()
        {
            for (var i = 0; i < timesteps.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var t = timesteps[i];
                using var stepScope = NewDisposeScope();
                var modelInput = guided ? cat([current, current], dim: 0) : current;                    // (2B, C, ...)
                modelInput = scheduler.ScaleModelInput(modelInput, t);
                var noisePred = predictNoise(modelInput, tensor(t, dtype: ScalarType.Float64));
                if (guided)
                {
                    var parts = noisePred.chunk(2, dim: 0);                                              // 2 x (B, C, ...)
                    noisePred = parts[0] + ((parts[1] - parts[0]) * guidanceScale);
                }

                var output = scheduler.Step(noisePred, t, current);
                var last = i == timesteps.Count - 1;
                var previewStep = previewEvery > 0 && ((i + 1) % previewEvery == 0) && !last;
                if (!ReferenceEquals(current, latents))
                {
                    current.Dispose();
                }

                current = output.PrevSample.DetachFromDisposeScope();
                afterStep?.Invoke(i + 1, t, previewStep ? output.PredOriginalSample : null);
            }
        }
    }
}
