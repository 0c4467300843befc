using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// Pseudo numerical methods for diffusion models (Liu et al. 2022, arXiv 2202.09778), as diffusers 0.17.1
/// schedulers/scheduling_pndm.py: optional Runge-Kutta warm-up (PRK, 4 model calls per step for the first 3 steps) then
/// linear multistep (PLMS) with up to 4th-order Adams-Bashforth weights over the noise predictions. Stable Diffusion 1.5
/// runs it with skip_prk_steps, where the first step is repeated once (timesteps 981, 961, 961, 941, ...), giving
/// num_inference_steps + 1 model calls. The transfer function is PNDM's eq. 9 (<see cref="PreviousSample"/>).
/// </summary>
public sealed class PndmScheduler : IScheduler
{
    private const int PndmOrder = 4;

    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;
    private readonly List<Tensor> _ets = [];
    private long[] _prkTimesteps = [];
    private long[] _timesteps = [];
    private int _numInferenceSteps;
    private int _counter;
    private Tensor? _curSample;
    private Tensor? _curModelOutput;

    public PndmScheduler(SchedulerConfig config)
    {
        if (config.PredictionType is not ("epsilon" or "v_prediction"))
        {
            throw new InvalidDataException($"PNDMScheduler: prediction_type '{config.PredictionType}' must be epsilon or v_prediction.");
        }

        Config = config;
        _alphasCumprod = NoiseSchedule.AlphasCumprod(config);
        _finalAlphaCumprod = config.SetAlphaToOne == true ? 1.0f : _alphasCumprod[0];
    }

    public SchedulerConfig Config { get; }

    public IReadOnlyList<double> Timesteps => _timesteps.Select(t => (double)t).ToArray();

    public double InitNoiseSigma => 1.0;

    public void SetTimesteps(int numInferenceSteps)
    {
        if (numInferenceSteps <= 0 || numInferenceSteps > Config.NumTrainTimesteps)
        {
            throw new ArgumentOutOfRangeException(nameof(numInferenceSteps), numInferenceSteps,
                $"Give between 1 and num_train_timesteps ({Config.NumTrainTimesteps}) steps.");
        }

        _numInferenceSteps = numInferenceSteps;
        var stepRatio = Config.NumTrainTimesteps / numInferenceSteps;
        var ascending = Enumerable.Range(0, numInferenceSteps).Select(i => ((long)i * stepRatio) + Config.StepsOffset).ToArray();
        if (Config.SkipPrkSteps)
        {
            // [t0 .. t(n-2), t(n-2), t(n-1)] reversed: the first step is taken twice (PLMS needs two outputs to start).
            _prkTimesteps = [];
            _timesteps = [.. ascending[..^1], ascending[^2], ascending[^1]];
            Array.Reverse(_timesteps);
        }
        else
        {
            if (numInferenceSteps < PndmOrder)
            {
                throw new ArgumentOutOfRangeException(nameof(numInferenceSteps), numInferenceSteps,
                    $"PNDM with Runge-Kutta warm-up needs at least {PndmOrder} steps.");
            }

            var half = Config.NumTrainTimesteps / numInferenceSteps / 2;
            var prk = ascending[^PndmOrder..].SelectMany(t => new[] { t, t + half }).ToArray()[..^1];
            _prkTimesteps = prk.SelectMany(t => new[] { t, t })
                .Skip(1).SkipLast(1).Reverse().ToArray();
            _timesteps = [.. _prkTimesteps, .. ascending[..^3].Reverse()];
        }

        ResetHistory();
    }

    public Tensor ScaleModelInput(Tensor sample, double timestep) => sample.alias();

    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample, Generator? generator = null)
    {
        if (_numInferenceSteps == 0)
        {
            throw new InvalidOperationException("Number of inference steps is not set; call SetTimesteps before Step.");
        }

        using var scope = NewDisposeScope();
        var t = (long)timestep;
        var predicted = SchedulerMath.PredictOriginal("epsilon", ToEpsilon(modelOutput, sample, t), sample, Alpha(t));
        var previous = _counter < _prkTimesteps.Length && !Config.SkipPrkSteps
            ? StepPrk(modelOutput, t, sample)
            : StepPlms(modelOutput, t, sample);
        _counter++;
        return new SchedulerStepOutput(previous.MoveToOuterDisposeScope(), predicted.MoveToOuterDisposeScope());
    }

    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps) =>
        SchedulerMath.AddNoise(_alphasCumprod, originalSamples, noise, timesteps);

    public void Dispose() => ResetHistory();

    private Tensor StepPrk(Tensor modelOutput, long timestep, Tensor sample)
    {
        var diffToPrev = _counter % 2 == 1 ? 0 : Config.NumTrainTimesteps / _numInferenceSteps / 2;
        var prevTimestep = timestep - diffToPrev;
        var rkTimestep = _prkTimesteps[_counter / 4 * 4];
        var output = modelOutput;
        switch (_counter % 4)
        {
            case 0:
                Replace(ref _curModelOutput, modelOutput * (1.0 / 6));
                _ets.Add(SchedulerMath.Keep(modelOutput));
                Replace(ref _curSample, sample);
                break;
            case 1:
            case 2:
                Replace(ref _curModelOutput, _curModelOutput! + (modelOutput * (1.0 / 3)));
                break;
            default:
                output = _curModelOutput! + (modelOutput * (1.0 / 6));
                Replace(ref _curModelOutput, null);
                break;
        }

        return PreviousSample(_curSample ?? sample, rkTimestep, prevTimestep, output);
    }

    private Tensor StepPlms(Tensor modelOutput, long timestep, Tensor sample)
    {
        if (!Config.SkipPrkSteps && _ets.Count < 3)
        {
            throw new InvalidOperationException("PLMS steps can only run after the Runge-Kutta warm-up (12 PRK steps).");
        }

        var stride = Config.NumTrainTimesteps / _numInferenceSteps;
        var prevTimestep = timestep - stride;
        if (_counter != 1)
        {
            while (_ets.Count > 3)
            {
                _ets[0].Dispose();
                _ets.RemoveAt(0);
            }

            _ets.Add(SchedulerMath.Keep(modelOutput));
        }
        else
        {
            // Second call of the repeated first timestep: finish the first step as a 2-stage (Heun-like) update.
            prevTimestep = timestep;
            timestep += stride;
        }

        Tensor output;
        var e = _ets;
        if (_ets.Count == 1 && _counter == 0)
        {
            output = modelOutput;
            Replace(ref _curSample, sample);
        }
        else if (_ets.Count == 1 && _counter == 1)
        {
            output = (modelOutput + e[^1]) / 2;
            sample = _curSample!.alias();
            Replace(ref _curSample, null);
        }
        else if (_ets.Count == 2)
        {
            output = ((e[^1] * 3) - e[^2]) / 2;
        }
        else if (_ets.Count == 3)
        {
            output = ((e[^1] * 23) - (e[^2] * 16) + (e[^3] * 5)) / 12;
        }
        else
        {
            output = ((e[^1] * 55) - (e[^2] * 59) + (e[^3] * 37) - (e[^4] * 9)) * (1.0 / 24);
        }

        return PreviousSample(sample, timestep, prevTimestep, output);
    }

    /// <summary>PNDM eq. 9: x_prev = sqrt(a_prev / a_t) x_t - (a_prev - a_t) eps / (a_t sqrt(1 - a_prev) + sqrt(a_t (1 - a_t) a_prev)).</summary>
    private Tensor PreviousSample(Tensor sample, long timestep, long prevTimestep, Tensor modelOutput)
    {
        var alphaProd = _alphasCumprod[timestep];
        var alphaProdPrev = prevTimestep >= 0 ? _alphasCumprod[prevTimestep] : _finalAlphaCumprod;
        var betaProd = 1 - alphaProd;
        var betaProdPrev = 1 - alphaProdPrev;
        if (Config.PredictionType == "v_prediction")
        {
            modelOutput = (modelOutput * MathF.Sqrt(alphaProd)) + (sample * MathF.Sqrt(betaProd));
        }

        var sampleCoeff = MathF.Sqrt(alphaProdPrev / alphaProd);
        var denominator = (alphaProd * MathF.Sqrt(betaProdPrev)) + MathF.Sqrt(alphaProd * betaProd * alphaProdPrev);
        return (sample * sampleCoeff) - (modelOutput * (alphaProdPrev - alphaProd) / denominator);
    }

    private Tensor ToEpsilon(Tensor modelOutput, Tensor sample, long timestep)
    {
        var alphaProd = Alpha(timestep);
        return Config.PredictionType == "v_prediction"
            ? (modelOutput * MathF.Sqrt(alphaProd)) + (sample * MathF.Sqrt(1 - alphaProd))
            : modelOutput;
    }

    private float Alpha(long timestep) => timestep >= 0 && timestep < _alphasCumprod.Length
        ? _alphasCumprod[timestep]
        : throw new ArgumentOutOfRangeException(nameof(timestep), timestep, "The timestep is outside the training schedule.");

    private static void Replace(ref Tensor? slot, Tensor? value)
    {
        slot?.Dispose();
        slot = value is null ? null : SchedulerMath.Keep(value);
    }

    private void ResetHistory()
    {
        _ets.ForEach(t => t.Dispose());
        _ets.Clear();
        Replace(ref _curSample, null);
        Replace(ref _curModelOutput, null);
        _counter = 0;
    }
}
