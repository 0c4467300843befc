using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// Multistep DPM-Solver (Lu et al. 2022, arXiv 2206.00927) and DPM-Solver++ (arXiv 2211.01095; default: "2M", order 2,
/// midpoint), as diffusers 0.17.1 schedulers/scheduling_dpmsolver_multistep.py. Works in half-log-SNR
/// lambda_t = log(alpha_t) - log(sigma_t); DPM-Solver++ integrates the data prediction x0, DPM-Solver the noise. Orders
/// 1-3, midpoint or heun second-order updates, lower-order final steps for short runs (&lt; 15 steps).
/// The SDE variants and Karras sigmas are not supported.
/// </summary>
public sealed class DpmSolverMultistepScheduler : IScheduler
{
    private readonly float[] _alphaT;
    private readonly float[] _sigmaT;
    private readonly float[] _lambdaT;
    private readonly Tensor?[] _modelOutputs;
    private long[] _timesteps = [];
    private int _lowerOrderNums;

    public DpmSolverMultistepScheduler(SchedulerConfig config)
    {
        if (config.AlgorithmType is not ("dpmsolver++" or "dpmsolver" or "deis"))
        {
            throw new InvalidDataException($"DPMSolverMultistepScheduler: algorithm_type '{config.AlgorithmType}' is not supported (dpmsolver++, dpmsolver).");
        }

        if (config.SolverOrder is < 1 or > 3 || config.UseKarrasSigmas || config.VarianceType is not null)
        {
            throw new InvalidDataException("DPMSolverMultistepScheduler: solver_order must be 1-3; Karras sigmas and learned variances are not supported.");
        }

        Config = config;
        // diffusers maps the deprecated "deis" algorithm and "logrho"/"bh1"/"bh2" solvers to these.
        Algorithm = config.AlgorithmType == "deis" ? "dpmsolver++" : config.AlgorithmType;
        Solver = config.SolverType is "midpoint" or "heun" ? config.SolverType
            : config.SolverType is "logrho" or "bh1" or "bh2" ? "midpoint"
            : throw new InvalidDataException($"DPMSolverMultistepScheduler: solver_type '{config.SolverType}' must be midpoint or heun.");
        var alphasCumprod = NoiseSchedule.AlphasCumprod(config);
        _alphaT = NoiseSchedule.Map(alphasCumprod, a => a.sqrt());
        _sigmaT = NoiseSchedule.Map(alphasCumprod, a => (1 - a).sqrt());
        _lambdaT = NoiseSchedule.Map(alphasCumprod, a => a.sqrt().log() - (1 - a).sqrt().log());
        AlphasCumprod = alphasCumprod;
        _modelOutputs = new Tensor?[config.SolverOrder];
    }

    public SchedulerConfig Config { get; }

    public string Algorithm { get; }

    public string Solver { get; }

    public IReadOnlyList<double> Timesteps => _timesteps.Select(t => (double)t).ToArray();

    public double InitNoiseSigma => 1.0;

    private float[] AlphasCumprod { get; }

    public void SetTimesteps(int numInferenceSteps)
    {
        if (numInferenceSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numInferenceSteps), numInferenceSteps, "Give at least one step.");
        }

        // torch.searchsorted(flip(lambda_t), lambda_min_clipped): how many of the ascending lambdas lie below the clip.
        var clippedIndex = _lambdaT.Count(l => l < Config.LambdaMinClipped);
        var end = Config.NumTrainTimesteps - 1.0 - clippedIndex;
        var points = numInferenceSteps + 1;
        // np.linspace(0, end, n + 1).round()[::-1][:-1], then duplicates removed keeping first occurrences.
        var candidates = Enumerable.Range(0, points)
            .Select(i => i == points - 1 ? end : i * (end / (points - 1)))
            .Select(v => (long)Math.Round(v, MidpointRounding.ToEven))
            .Reverse()
            .Take(numInferenceSteps);
        _timesteps = candidates.Distinct().ToArray();
        ResetHistory();
    }

    public Tensor ScaleModelInput(Tensor sample, double timestep) => sample.alias();

    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample, Generator? generator = null)
    {
        if (_timesteps.Length == 0)
        {
            throw new InvalidOperationException("Number of inference steps is not set; call SetTimesteps before Step.");
        }

        using var scope = NewDisposeScope();
        var t = (long)timestep;
        var found = Array.IndexOf(_timesteps, t);
        var index = found >= 0 ? found : _timesteps.Length - 1;
        var prevTimestep = index == _timesteps.Length - 1 ? 0 : _timesteps[index + 1];
        var shortRun = Config.LowerOrderFinal && _timesteps.Length < 15;
        var lowerOrderFinal = index == _timesteps.Length - 1 && shortRun;
        var lowerOrderSecond = index == _timesteps.Length - 2 && shortRun;

        var converted = ConvertModelOutput(modelOutput, t, sample);
        _modelOutputs[0]?.Dispose();
        for (var i = 0; i < _modelOutputs.Length - 1; i++)
        {
            _modelOutputs[i] = _modelOutputs[i + 1];
        }

        _modelOutputs[^1] = SchedulerMath.Keep(converted);

        Tensor previous;
        if (Config.SolverOrder == 1 || _lowerOrderNums < 1 || lowerOrderFinal)
        {
            previous = FirstOrderUpdate(converted, t, prevTimestep, sample);
        }
        else if (Config.SolverOrder == 2 || _lowerOrderNums < 2 || lowerOrderSecond)
        {
            previous = SecondOrderUpdate(_timesteps[index - 1], t, prevTimestep, sample);
        }
        else
        {
            previous = ThirdOrderUpdate(_timesteps[index - 2], _timesteps[index - 1], t, prevTimestep, sample);
        }

        if (_lowerOrderNums < Config.SolverOrder)
        {
            _lowerOrderNums++;
        }

        var x0 = Algorithm == "dpmsolver++" ? converted : (sample - (converted * _sigmaT[t])) / _alphaT[t];
        return new SchedulerStepOutput(previous.MoveToOuterDisposeScope(), x0.alias().MoveToOuterDisposeScope());
    }

    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps) =>
        SchedulerMath.AddNoise(AlphasCumprod, originalSamples, noise, timesteps);

    public void Dispose() => ResetHistory();

    /// <summary>The model output as the algorithm integrates it: x0 for DPM-Solver++, epsilon for DPM-Solver.</summary>
    private Tensor ConvertModelOutput(Tensor modelOutput, long t, Tensor sample)
    {
        var (alpha, sigma) = (_alphaT[t], _sigmaT[t]);
        if (Algorithm == "dpmsolver++")
        {
            var x0 = Config.PredictionType switch
            {
                "epsilon" => (sample - (modelOutput * sigma)) / alpha,
                "sample" => modelOutput.alias(),
                "v_prediction" => (sample * alpha) - (modelOutput * sigma),
                _ => throw new InvalidDataException($"prediction_type '{Config.PredictionType}' must be epsilon, sample or v_prediction."),
            };
            return Config.Thresholding ? DynamicThreshold.Apply(x0, Config.DynamicThresholdingRatio, Config.SampleMaxValue) : x0;
        }

        var epsilon = Config.PredictionType switch
        {
            "epsilon" => modelOutput.alias(),
            "sample" => (sample - (modelOutput * alpha)) / sigma,
            "v_prediction" => (modelOutput * alpha) + (sample * sigma),
            _ => throw new InvalidDataException($"prediction_type '{Config.PredictionType}' must be epsilon, sample or v_prediction."),
        };
        if (!Config.Thresholding)
        {
            return epsilon;
        }

        var thresholded = DynamicThreshold.Apply((sample - (epsilon * sigma)) / alpha, Config.DynamicThresholdingRatio, Config.SampleMaxValue);
        return (sample - (thresholded * alpha)) / sigma;
    }

    /// <summary>DPM-Solver-1 (equivalent to DDIM).</summary>
    private Tensor FirstOrderUpdate(Tensor modelOutput, long s, long t, Tensor sample)
    {
        var h = _lambdaT[t] - _lambdaT[s];
        return Algorithm == "dpmsolver++"
            ? (sample * (_sigmaT[t] / _sigmaT[s])) - (modelOutput * (_alphaT[t] * (MathF.Exp(-h) - 1.0f)))
            : (sample * (_alphaT[t] / _alphaT[s])) - (modelOutput * (_sigmaT[t] * (MathF.Exp(h) - 1.0f)));
    }

    /// <summary>Multistep second order from the last two converted outputs (timesteps s1, s0).</summary>
    private Tensor SecondOrderUpdate(long s1, long s0, long t, Tensor sample)
    {
        var (m0, m1) = (_modelOutputs[^1]!, _modelOutputs[^2]!);
        var h = _lambdaT[t] - _lambdaT[s0];
        var h0 = _lambdaT[s0] - _lambdaT[s1];
        var r0 = h0 / h;
        var d0 = m0;
        var d1 = (m0 - m1) * (1.0f / r0);
        if (Algorithm == "dpmsolver++")
        {
            var c = _alphaT[t] * (MathF.Exp(-h) - 1.0f);
            var first = (sample * (_sigmaT[t] / _sigmaT[s0])) - (d0 * c);
            return Solver == "midpoint"
                ? first - (d1 * (0.5f * c))
                : first + (d1 * (_alphaT[t] * (((MathF.Exp(-h) - 1.0f) / h) + 1.0f)));
        }

        var e = _sigmaT[t] * (MathF.Exp(h) - 1.0f);
        var start = (sample * (_alphaT[t] / _alphaT[s0])) - (d0 * e);
        return Solver == "midpoint"
            ? start - (d1 * (0.5f * e))
            : start - (d1 * (_sigmaT[t] * (((MathF.Exp(h) - 1.0f) / h) - 1.0f)));
    }

    /// <summary>Multistep third order from the last three converted outputs (timesteps s2, s1, s0).</summary>
    private Tensor ThirdOrderUpdate(long s2, long s1, long s0, long t, Tensor sample)
    {
        var (m0, m1, m2) = (_modelOutputs[^1]!, _modelOutputs[^2]!, _modelOutputs[^3]!);
        var h = _lambdaT[t] - _lambdaT[s0];
        var h0 = _lambdaT[s0] - _lambdaT[s1];
        var h1 = _lambdaT[s1] - _lambdaT[s2];
        var (r0, r1) = (h0 / h, h1 / h);
        var d10 = (m0 - m1) * (1.0f / r0);
        var d11 = (m1 - m2) * (1.0f / r1);
        var d1 = d10 + ((d10 - d11) * (r0 / (r0 + r1)));
        var d2 = (d10 - d11) * (1.0f / (r0 + r1));
        if (Algorithm == "dpmsolver++")
        {
            var em = MathF.Exp(-h) - 1.0f;
            return (sample * (_sigmaT[t] / _sigmaT[s0])) - (m0 * (_alphaT[t] * em)) + (d1 * (_alphaT[t] * ((em / h) + 1.0f)))
                   - (d2 * (_alphaT[t] * (((em + h) / (h * h)) - 0.5f)));
        }

        var ep = MathF.Exp(h) - 1.0f;
        return (sample * (_alphaT[t] / _alphaT[s0])) - (m0 * (_sigmaT[t] * ep)) - (d1 * (_sigmaT[t] * ((ep / h) - 1.0f)))
               - (d2 * (_sigmaT[t] * (((ep - h) / (h * h)) - 0.5f)));
    }

    private void ResetHistory()
    {
        for (var i = 0; i < _modelOutputs.Length; i++)
        {
            _modelOutputs[i]?.Dispose();
            _modelOutputs[i] = null;
        }

        _lowerOrderNums = 0;
    }
}
