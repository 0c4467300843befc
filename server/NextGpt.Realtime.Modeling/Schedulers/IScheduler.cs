using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// A diffusion sampler in diffusers' shape (schedulers/scheduling_utils.py): the caller owns the denoising loop and calls
/// <see cref="SetTimesteps"/>, then for each timestep <see cref="ScaleModelInput"/> -> model -> <see cref="Step"/>. Schedulers
/// keep per-run state (multistep history), so one instance serves one loop at a time; <see cref="SetTimesteps"/> resets it.
/// </summary>
public interface IScheduler : IDisposable
{
    SchedulerConfig Config { get; }

    /// <summary>The timesteps of the current run, in calling order (integers except for Euler's fractional ones).</summary>
    IReadOnlyList<double> Timesteps { get; }

    /// <summary>The standard deviation of the initial noise: the pipeline multiplies its N(0, 1) draw by this.</summary>
    double InitNoiseSigma { get; }

    /// <summary>Prepares a run of <paramref name="numInferenceSteps"/> model evaluations and clears the history.</summary>
    void SetTimesteps(int numInferenceSteps);

    /// <summary>Scales the model input for the timestep (identity for all but Euler).</summary>
    Tensor ScaleModelInput(Tensor sample, double timestep);

    /// <summary>One reverse step: the sample at the previous timestep and the predicted clean sample x0.</summary>
    /// <param name="generator">CPU generator for stochastic variants (DDIM with eta &gt; 0); ignored otherwise.</param>
    SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample, Generator? generator = null);

    /// <summary>Forward diffusion: <paramref name="originalSamples"/> noised to <paramref name="timesteps"/> (one per sample).</summary>
    Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps);
}

/// <summary>What one scheduler step gives.</summary>
/// <param name="PrevSample">The sample at the previous (less noisy) timestep.</param>
/// <param name="PredOriginalSample">The scheduler's estimate of the clean sample x0 at this step (for previews).</param>
public sealed record SchedulerStepOutput(Tensor PrevSample, Tensor PredOriginalSample);
