using System.Diagnostics;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// The unrolled denoising loop of diffusers 0.17.1's StableDiffusionPipeline / AudioLDMPipeline <c>__call__</c> (steps 4-7),
/// with classifier-free guidance (Ho and Salimans 2022): the latents are duplicated, the UNet sees [unconditional,
/// conditional] conditioning in one batch, and <c>eps = eps_u + w (eps_c - eps_u)</c>. Between steps it checks for
/// cancellation, and after each step it reports progress, with a preview of the scheduler's x0 estimate every k steps.
/// </summary>
public static class GuidedDenoisingLoop
{
    /// <summary>What conditions the UNet: SD's encoder states or AudioLDM's class labels, each already [uncond; cond]
    /// when guided.</summary>
    public sealed record Conditioning(Tensor? EncoderHiddenStates, Tensor? ClassLabels, bool Guided, double GuidanceScale);

    /// <param name="latents">(B, C, h, w) initial latents, already multiplied by the scheduler's init_noise_sigma; not disposed.</param>
    /// <param name="preview">Maps an x0 estimate to a preview image; null for no previews.</param>
    /// <returns>The final latents (B, C, h, w), owned by the caller's dispose scope.</returns>
    public static Tensor Run(UNet2DConditionModel unet, IScheduler scheduler, Tensor latents, Conditioning conditioning,
        int previewEvery, Func<Tensor, RgbImage?>? preview, IProgress<DiffusionProgress>? progress, Stopwatch clock,
        CancellationToken cancellationToken)
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
                RgbImage? image = null;
                using (var stepScope = NewDisposeScope())
                {
                    var modelInput = conditioning.Guided ? cat([current, current], dim: 0) : current;   // (2B, C, h, w)
                    modelInput = scheduler.ScaleModelInput(modelInput, t);
                    var noisePred = unet.forward(new UNet2DConditionInput(
                        modelInput, tensor(t, dtype: ScalarType.Float64), conditioning.EncoderHiddenStates, conditioning.ClassLabels));
                    if (conditioning.Guided)
                    {
                        var parts = noisePred.chunk(2, dim: 0);                                          // 2 x (B, C, h, w)
                        noisePred = parts[0] + ((parts[1] - parts[0]) * conditioning.GuidanceScale);
                    }

                    var output = scheduler.Step(noisePred, t, current);
                    var last = i == timesteps.Count - 1;
                    if (preview is not null && previewEvery > 0 && ((i + 1) % previewEvery == 0) && !last)
                    {
                        image = preview(output.PredOriginalSample);
                    }

                    if (!ReferenceEquals(current, latents))
                    {
                        current.Dispose();
                    }

                    current = output.PrevSample.DetachFromDisposeScope();
                }

                progress?.Report(new DiffusionProgress(i + 1, timesteps.Count, t, clock.Elapsed, image));
            }
        }
    }
}
