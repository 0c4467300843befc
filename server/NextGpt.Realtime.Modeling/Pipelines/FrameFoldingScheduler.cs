using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// A scheduler seen by video latents (B, C, F, h, w). diffusers 0.17.1's TextToVideoSDPipeline steps its scheduler on the
/// frames folded into the batch, (B F, C, h, w), and unfolds the result; this wrapper does the same around any
/// <see cref="IScheduler"/>, so per-sample operations (dynamic thresholding's quantiles) see one frame at a time exactly as
/// there. <c>scale_model_input</c> is called on the 5-D tensor, as the pipeline does (it is elementwise).
/// </summary>
public sealed class FrameFoldingScheduler(IScheduler inner) : IScheduler
{
    public SchedulerConfig Config => inner.Config;

    public IReadOnlyList<double> Timesteps => inner.Timesteps;

    public double InitNoiseSigma => inner.InitNoiseSigma;

    public void SetTimesteps(int numInferenceSteps) => inner.SetTimesteps(numInferenceSteps);

    public Tensor ScaleModelInput(Tensor sample, double timestep) => inner.ScaleModelInput(sample, timestep);

    /// <param name="modelOutput">(B, C, F, h, w).</param>
    /// <param name="sample">(B, C, F, h, w).</param>
    /// <returns>Previous sample and x0 estimate, (B, C, F, h, w) each.</returns>
    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample, Generator? generator = null)
    {
        if (sample.dim() != 5 || !modelOutput.shape.SequenceEqual(sample.shape))
        {
            throw new ArgumentException(
                $"Video latents and the model output must both be (B, C, F, h, w); got [{string.Join(", ", sample.shape)}] " +
                $"and [{string.Join(", ", modelOutput.shape)}].");
        }

        using var scope = NewDisposeScope();
        var shape = sample.shape;
        var output = inner.Step(Fold(modelOutput), timestep, Fold(sample), generator);
        return new SchedulerStepOutput(Unfold(output.PrevSample, shape).MoveToOuterDisposeScope(),
            Unfold(output.PredOriginalSample, shape).MoveToOuterDisposeScope());
    }

    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps) => inner.AddNoise(originalSamples, noise, timesteps);

    public void Dispose() => inner.Dispose();

    /// <summary>(B, C, F, h, w) to (B F, C, h, w).</summary>
    private static Tensor Fold(Tensor video) =>
        video.permute(0, 2, 1, 3, 4).reshape(video.shape[0] * video.shape[2], video.shape[1], video.shape[3], video.shape[4]);

    /// <summary>(B F, C, h, w) back to (B, C, F, h, w).</summary>
    private static Tensor Unfold(Tensor frames, long[] shape) =>
        frames.reshape(shape[0], shape[2], shape[1], shape[3], shape[4]).permute(0, 2, 1, 3, 4).contiguous();
}
