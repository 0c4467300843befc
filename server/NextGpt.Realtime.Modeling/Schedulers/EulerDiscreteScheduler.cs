using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// Euler sampler of Karras et al. 2022 (arXiv 2206.00364, Algorithm 2 with S_churn = 0), as diffusers 0.17.1
/// schedulers/scheduling_euler_discrete.py (NExT-GPT's new code uses it with SD 2). Works in sigma space: timesteps are
/// <c>linspace(0, T - 1, n)</c> reversed (fractional), sigmas interpolated linearly from the training schedule,
/// model input scaled by 1 / sqrt(sigma^2 + 1), initial noise scaled by the largest training sigma.
/// Stochastic churn and Karras sigmas are not supported (their defaults are off in every pipeline used here).
/// </summary>
public sealed class EulerDiscreteScheduler : IScheduler
{
    private readonly float[] _trainingSigmas;
    private double[] _timesteps = [];
    private float[] _sigmas = [];

    public EulerDiscreteScheduler(SchedulerConfig config)
    {
        if (config.UseKarrasSigmas || config.InterpolationType != "linear")
        {
            throw new InvalidDataException("EulerDiscreteScheduler: only interpolation_type 'linear' without Karras sigmas is supported.");
        }

        if (config.PredictionType is not ("epsilon" or "v_prediction" or "sample" or "original_sample"))
        {
            throw new InvalidDataException($"EulerDiscreteScheduler: prediction_type '{config.PredictionType}' must be epsilon or v_prediction.");
        }

        Config = config;
        // sigma_t = sqrt((1 - a_t) / a_t), computed as diffusers does in float32.
        _trainingSigmas = NoiseSchedule.Map(NoiseSchedule.AlphasCumprod(config), a => ((1 - a) / a).pow(0.5));
        InitNoiseSigma = _trainingSigmas.Max();
    }

    public SchedulerConfig Config { get; }

    public IReadOnlyList<double> Timesteps => _timesteps;

    /// <summary>The largest training sigma (diffusers sets it once, from the full schedule).</summary>
    public double InitNoiseSigma { get; }

    /// <summary>The sigmas of the current run (num_inference_steps + 1, ending with 0).</summary>
    public IReadOnlyList<float> Sigmas => _sigmas;

    public void SetTimesteps(int numInferenceSteps)
    {
        if (numInferenceSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numInferenceSteps), numInferenceSteps, "Give at least one step.");
        }

        var last = Config.NumTrainTimesteps - 1.0;
        // np.linspace(0, T - 1, n)[::-1]: start + i * step, the last point pinned to the end.
        var ascending = Enumerable.Range(0, numInferenceSteps)
            .Select(i => numInferenceSteps == 1 ? 0.0 : i == numInferenceSteps - 1 ? last : i * (last / (numInferenceSteps - 1)))
            .ToArray();
        _timesteps = ascending.Reverse().ToArray();
        _sigmas = [.. _timesteps.Select(Interpolate).Select(s => (float)s), 0.0f];
    }

    public Tensor ScaleModelInput(Tensor sample, double timestep)
    {
        var sigma = _sigmas[IndexOf(timestep)];
        return sample / MathF.Sqrt((sigma * sigma) + 1);
    }

    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var index = IndexOf(timestep);
        var sigma = _sigmas[index];
        var sigmaHat = sigma;  // gamma = 0 without churn

        // 1. x0 from the sigma-scaled prediction.
        var predOriginal = Config.PredictionType switch
        {
            "epsilon" => sample - (modelOutput * sigmaHat),
            "v_prediction" => (modelOutput * (-sigma / MathF.Sqrt((sigma * sigma) + 1))) + (sample / ((sigma * sigma) + 1)),
            _ => modelOutput.alias(),
        };

        // 2. ODE derivative and Euler step to the next sigma.
        var derivative = (sample - predOriginal) / sigmaHat;
        var dt = _sigmas[index + 1] - sigmaHat;
        var previous = sample + (derivative * dt);
        return new SchedulerStepOutput(previous.MoveToOuterDisposeScope(), predOriginal.MoveToOuterDisposeScope());
    }

    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var values = timesteps.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        var shape = new long[originalSamples.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        var sigma = tensor(values.Select(t => _sigmas[IndexOf(t)]).ToArray()).to(originalSamples.dtype, originalSamples.device).reshape(shape);
        return (originalSamples + (noise * sigma)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
    }

    private int IndexOf(double timestep)
    {
        var index = Array.IndexOf(_timesteps, timestep);
        return index >= 0
            ? index
            : throw new ArgumentException($"Timestep {timestep} is not one of this run's timesteps; pass values from Timesteps.", nameof(timestep));
    }

    /// <summary>np.interp(t, arange(T), training sigmas) in double precision on the float32 sigmas.</summary>
    private double Interpolate(double t)
    {
        var low = (int)Math.Floor(t);
        if (low >= _trainingSigmas.Length - 1)
        {
            return _trainingSigmas[^1];
        }

        var fraction = t - low;
        return _trainingSigmas[low] + ((_trainingSigmas[low + 1] - (double)_trainingSigmas[low]) * fraction);
    }
}
