using System.Diagnostics;
using NextGpt.Realtime.Training.Checkpointing;
using NextGpt.Realtime.Training.Optimization;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Loop;

/// <summary>
/// The training loop shared by every stage: loss, backward, gradient clipping, AdamW at the schedule's rate, a loss-log
/// line, and a checkpoint every so often. It resumes from the newest checkpoint in its folder; because batches, the
/// learning rate and the random seed are functions of the step, an interrupted-and-resumed run ends with the same
/// weights as one that was never interrupted. Runs synchronously on the calling thread (TorchSharp dispose scopes are
/// per thread).
/// </summary>
public sealed class TrainingRun
{
    private readonly ITrainingObjective _objective;
    private readonly TrainingOptions _options;
    private readonly string _directory;

    public TrainingRun(ITrainingObjective objective, TrainingOptions options, string directory)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TotalSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CheckpointEvery);
        _objective = objective;
        _options = options;
        _directory = directory;
    }

    /// <summary>
    /// Trains until the last step or until <paramref name="cancellationToken"/> fires; an interruption writes a
    /// checkpoint of the steps finished so far and returns with <see cref="TrainingResult.Interrupted"/> set.
    /// </summary>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_directory);
        var parameters = _objective.TrainableParameters;
        using var optimizer = new AdamW(parameters, _options.Optimizer);
        var checkpoints = new TrainingCheckpoint(_directory);
        var resumedFrom = Restore(checkpoints, parameters, optimizer);
        using var log = new LossLog(_directory, resumedFrom);
        var clock = Stopwatch.StartNew();
        var lastSaved = resumedFrom;
        var step = resumedFrom;
        for (; step < _options.TotalSteps; step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var report = TrainStep(step, parameters, optimizer, clock.Elapsed, step - resumedFrom + 1);
            log.Append(report);
            progress?.Report(report);
            if ((step + 1) % _options.CheckpointEvery == 0)
            {
                Save(checkpoints, parameters, optimizer, step + 1);
                lastSaved = step + 1;
            }
        }

        if (lastSaved != step)
        {
            Save(checkpoints, parameters, optimizer, step);
        }

        return new TrainingResult(step, resumedFrom, Interrupted: step < _options.TotalSteps);
    }

    private TrainingProgress TrainStep(long step, IReadOnlyList<(string Name, Parameter Parameter)> parameters, AdamW optimizer,
        TimeSpan elapsed, long stepsThisProcess)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(_options.Seed + step);
        var loss = _objective.Loss(step);
        var lossValue = loss.Total.item<float>();
        if (!double.IsFinite(lossValue))
        {
            throw new InvalidOperationException(
                $"Step {step}: the loss is {lossValue} ({string.Join(", ", loss.Parts.Select(p => $"{p.Key} {p.Value}"))}). The last checkpoint in {_directory} is intact; lower the learning rate and resume.");
        }

        loss.Total.backward();
        var gradientNorm = GradientNorm(parameters);
        if (!double.IsFinite(gradientNorm))
        {
            var broken = parameters.Where(p => p.Parameter.grad is { } g && !g.isfinite().all().item<bool>()).Select(p => p.Name).Take(5);
            throw new InvalidOperationException(
                $"Step {step}: the gradients of {string.Join(", ", broken)} are not finite. The last checkpoint in {_directory} is intact.");
        }

        if (_options.GradientClipNorm > 0 && gradientNorm > _options.GradientClipNorm)
        {
            using var noGrad = no_grad();
            var factor = _options.GradientClipNorm / (gradientNorm + 1e-6);
            foreach (var (_, parameter) in parameters)
            {
                parameter.grad?.mul_(factor);
            }
        }

        var learningRate = _options.Schedule.At(step);
        optimizer.Step(learningRate);
        optimizer.ZeroGrad();
        return new TrainingProgress(step, _options.TotalSteps, lossValue, loss.Parts, learningRate, gradientNorm, elapsed, stepsThisProcess);
    }

    // The global L2 norm over every gradient, as torch.nn.utils.clip_grad_norm_ computes it (clip factor
    // max_norm / (norm + 1e-6), applied only when it is below one).
    private static double GradientNorm(IReadOnlyList<(string Name, Parameter Parameter)> parameters)
    {
        using var scope = NewDisposeScope();
        var squares = parameters
            .Select(p => p.Parameter.grad)
            .OfType<Tensor>()
            .Select(g => g.detach().to(ScalarType.Float64).pow(2).sum())
            .ToList();
        return squares.Count == 0 ? 0 : stack(squares).sum().sqrt().item<double>();
    }

    private long Restore(TrainingCheckpoint checkpoints, IReadOnlyList<(string Name, Parameter Parameter)> parameters, AdamW optimizer)
    {
        if (checkpoints.Latest() is not { } latest)
        {
            return 0;
        }

        var (trainable, state, steps) = TrainingCheckpoint.Load(latest.Directory);
        using (no_grad())
        {
            foreach (var (name, parameter) in parameters)
            {
                if (!trainable.TryGetValue(name, out var saved) || !saved.shape.SequenceEqual(parameter.shape))
                {
                    throw new InvalidDataException(
                        $"{latest.Directory} does not hold '{name}' with this run's shape: it belongs to another configuration. Use a new --out folder.");
                }

                parameter.copy_(saved);
            }
        }

        optimizer.LoadState(state, steps);
        foreach (var tensor in trainable.Values.Concat(state.Values))
        {
            tensor.Dispose();
        }

        return steps;
    }

    private void Save(TrainingCheckpoint checkpoints, IReadOnlyList<(string Name, Parameter Parameter)> parameters, AdamW optimizer, long steps)
    {
        var trainable = parameters.ToDictionary(p => p.Name, p => (Tensor)p.Parameter);
        checkpoints.Save(steps, trainable, optimizer.StateTensors(), _options.CheckpointsKept);
    }
}
