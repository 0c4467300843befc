using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Optimization;

/// <summary>
/// AdamW (Loshchilov and Hutter, decoupled weight decay) written with tensor operations so its state is plain named
/// tensors that a checkpoint can save and restore exactly. The update is torch.optim.AdamW's (PyTorch 1.13
/// <c>_single_tensor_adamw</c>): decay the parameter, update both moments, divide the bias-corrected first moment by
/// the bias-corrected root of the second plus eps. A parity test checks it against PyTorch itself.
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly IReadOnlyList<(string Name, Parameter Parameter)> _parameters;
    private readonly AdamWOptions _options;
    private readonly Dictionary<string, Tensor> _firstMoments = [];
    private readonly Dictionary<string, Tensor> _secondMoments = [];

    public AdamW(IReadOnlyList<(string Name, Parameter Parameter)> parameters, AdamWOptions? options = null)
    {
        if (parameters.Count == 0)
        {
            throw new ArgumentException("AdamW needs at least one trainable parameter.", nameof(parameters));
        }

        var duplicate = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Parameter name '{duplicate.Key}' appears twice.", nameof(parameters));
        }

        _parameters = parameters;
        _options = options ?? new AdamWOptions();
        foreach (var (name, parameter) in parameters)
        {
            _firstMoments[name] = zeros_like(parameter).DetachFromDisposeScope();
            _secondMoments[name] = zeros_like(parameter).DetachFromDisposeScope();
        }
    }

    /// <summary>Updates taken so far (PyTorch's per-parameter <c>step</c>, kept once because all parameters share it).</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update with the gradients now stored on the parameters; parameters without one are skipped.</summary>
    public void Step(double learningRate)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        StepCount++;
        var biasCorrection1 = 1 - Math.Pow(_options.Beta1, StepCount);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(_options.Beta2, StepCount));
        foreach (var (name, parameter) in _parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }

            if (_options.Decays(name))
            {
                parameter.mul_(1 - (learningRate * _options.WeightDecay));
            }

            var firstMoment = _firstMoments[name];
            var secondMoment = _secondMoments[name];
            firstMoment.mul_(_options.Beta1).add_(gradient, alpha: 1 - _options.Beta1);
            secondMoment.mul_(_options.Beta2).addcmul_(gradient, gradient, value: 1 - _options.Beta2);
            var denominator = (secondMoment.sqrt() / biasCorrection2Sqrt).add_(_options.Epsilon);
            parameter.addcdiv_(firstMoment, denominator, value: -learningRate / biasCorrection1);
        }
    }

    /// <summary>Clears the gradients before the next backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, parameter) in _parameters)
        {
            parameter.grad?.zero_();
        }
    }

    /// <summary>The moments under PyTorch's state names, <c>exp_avg.NAME</c> and <c>exp_avg_sq.NAME</c>.</summary>
    public IReadOnlyDictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, _) in _parameters)
        {
            state[$"exp_avg.{name}"] = _firstMoments[name];
            state[$"exp_avg_sq.{name}"] = _secondMoments[name];
        }

        return state;
    }

    /// <summary>Restores moments saved by <see cref="StateTensors"/> and the step count they belong to.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in _parameters)
        {
            _firstMoments[name].copy_(Expect(state, $"exp_avg.{name}", parameter));
            _secondMoments[name].copy_(Expect(state, $"exp_avg_sq.{name}", parameter));
        }

        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (var tensor in _firstMoments.Values.Concat(_secondMoments.Values))
        {
            tensor.Dispose();
        }
    }

    private static Tensor Expect(IReadOnlyDictionary<string, Tensor> state, string key, Tensor parameter)
    {
        if (!state.TryGetValue(key, out var tensor))
        {
            throw new InvalidDataException($"Optimizer state lacks '{key}'; the checkpoint was written for other parameters.");
        }

        if (!tensor.shape.SequenceEqual(parameter.shape))
        {
            throw new InvalidDataException(
                $"Optimizer state '{key}' has shape [{string.Join(",", tensor.shape)}], the parameter [{string.Join(",", parameter.shape)}].");
        }

        return tensor;
    }
}
