using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// Denoising diffusion implicit models (Song et al. 2021, arXiv 2010.02502), as diffusers 0.17.1
/// schedulers/scheduling_ddim.py, AudioLDM's default sampler. Numbered steps follow the paper's eq. 12 and 16:
/// x0 from the prediction, optional clipping or dynamic thresholding, sigma_t(eta), direction to x_t, optional noise.
/// Timesteps are "leading" (<c>arange(n) * (T // n) + steps_offset</c>, reversed) or "trailing".
/// </summary>
public sealed class DdimScheduler : IScheduler
{
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;
    private long[] _timesteps = [];
    private int _numInferenceSteps;

    /// <param name="eta">DDIM's eta (0 = deterministic DDIM, 1 = DDPM-like noise), the pipelines' <c>eta</c> argument.</param>
    public DdimScheduler(SchedulerConfig config, double eta = 0.0)
    {
        if (config.TimestepSpacing is not ("leading" or "trailing"))
        {
            throw new InvalidDataException($"DDIMScheduler: timestep_spacing '{config.TimestepSpacing}' must be leading or trailing.");
        }

        Config = config;
        Eta = eta;
        _alphasCumprod = NoiseSchedule.AlphasCumprod(config);
        _finalAlphaCumprod = config.SetAlphaToOne ?? true ? 1.0f : _alphasCumprod[0];
    }

    public SchedulerConfig Config { get; }

    public double Eta { get; }

    public IReadOnlyList<double> Timesteps => _timesteps.Select(t => (double)t).ToArray();

    public double InitNoiseSigma => 1.0;

    public void SetTimesteps(int numInferenceSteps)
    {
        var train = Config.NumTrainTimesteps;
        if (numInferenceSteps <= 0 || numInferenceSteps > train)
        {
            throw new ArgumentOutOfRangeException(nameof(numInferenceSteps), numInferenceSteps,
                $"Give between 1 and num_train_timesteps ({train}) steps.");
        }

        _numInferenceSteps = numInferenceSteps;
        if (Config.TimestepSpacing == "leading")
        {
            var ratio = train / numInferenceSteps;
            _timesteps = Enumerable.Range(0, numInferenceSteps).Reverse().Select(i => ((long)i * ratio) + Config.StepsOffset).ToArray();
        }
        else
        {
            // np.round(np.arange(T, 0, -T / n)) - 1, with numpy's float arange and round-half-to-even.
            var ratio = (double)train / numInferenceSteps;
            var count = (int)Math.Ceiling(train / ratio);
            _timesteps = Enumerable.Range(0, count).Select(i => (long)Math.Round(train - (i * ratio), MidpointRounding.ToEven) - 1).ToArray();
        }
    }

    public Tensor ScaleModelInput(Tensor sample, double timestep) => sample.alias();

    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample, Generator? generator = null)
    {
        if (_numInferenceSteps == 0)
        {
            throw new InvalidOperationException("Number of inference steps is not set; call SetTimesteps before Step.");
        }

        using var scope = NewDisposeScope();
        // 1. previous step value (= t - T / n); 2. alphas and betas.
        var t = (long)timestep;
        var prevTimestep = t - (Config.NumTrainTimesteps / _numInferenceSteps);
        var alphaProd = _alphasCumprod[t];
        var alphaProdPrev = prevTimestep >= 0 ? _alphasCumprod[prevTimestep] : _finalAlphaCumprod;
        var betaProd = 1 - alphaProd;

        // 3. predicted x0 and epsilon (eq. 12).
        Tensor predOriginal, predEpsilon;
        switch (Config.PredictionType)
        {
            case "epsilon":
                predOriginal = (sample - (modelOutput * MathF.Sqrt(betaProd))) / MathF.Sqrt(alphaProd);
                predEpsilon = modelOutput;
                break;
            case "sample":
                predOriginal = modelOutput;
                predEpsilon = (sample - (predOriginal * MathF.Sqrt(alphaProd))) / MathF.Sqrt(betaProd);
                break;
            case "v_prediction":
                predOriginal = (sample * MathF.Sqrt(alphaProd)) - (modelOutput * MathF.Sqrt(betaProd));
                predEpsilon = (modelOutput * MathF.Sqrt(alphaProd)) + (sample * MathF.Sqrt(betaProd));
                break;
            default:
                throw new InvalidDataException($"DDIMScheduler: prediction_type '{Config.PredictionType}' must be epsilon, sample or v_prediction.");
        }

        // 4. clip or threshold x0.
        if (Config.Thresholding)
        {
            predOriginal = DynamicThreshold.Apply(predOriginal, Config.DynamicThresholdingRatio, Config.SampleMaxValue);
        }
        else if (Config.ClipSample ?? true)
        {
            predOriginal = predOriginal.clamp(-Config.ClipSampleRange, Config.ClipSampleRange);
        }

        // 5. sigma_t(eta) (eq. 16); 6. direction pointing to x_t; 7. x_{t-1} without noise.
        var variance = ((1 - alphaProdPrev) / betaProd) * (1 - (alphaProd / alphaProdPrev));
        var stdDev = (float)Eta * MathF.Sqrt(variance);
        var direction = predEpsilon * MathF.Sqrt(1 - alphaProdPrev - (stdDev * stdDev));
        var previous = (predOriginal * MathF.Sqrt(alphaProdPrev)) + direction;
        if (Eta > 0)
        {
            var noise = randn(modelOutput.shape, dtype: modelOutput.dtype, device: CPU, generator: generator).to(modelOutput.device);
            previous = previous + (noise * stdDev);
        }

        return new SchedulerStepOutput(previous.MoveToOuterDisposeScope(), predOriginal.alias().MoveToOuterDisposeScope());
    }

    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps) =>
        SchedulerMath.AddNoise(_alphasCumprod, originalSamples, noise, timesteps);

    public void Dispose()
    {
    }
}
