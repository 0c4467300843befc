using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Training.Optimization;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Optimization;

public sealed class AdamWParityTests
{
    [Fact]
    public void Five_steps_match_torch_optim_AdamW()
    {
        var reference = SafeTensorsFile.Load(Fixtures.PathOf("training", "adamw.safetensors"));
        using var w = new Parameter(reference["param.w"].clone());
        using var b = new Parameter(reference["param.b"].clone());
        using var optimizer = new AdamW([("w", w), ("b", b)]);
        var rates = reference["lr"].data<double>().ToArray();
        for (var step = 0; step < rates.Length; step++)
        {
            w.grad = reference[$"grad.{step}.w"];
            b.grad = reference[$"grad.{step}.b"];
            optimizer.Step(rates[step]);
            Assert.True(w.allclose(reference[$"expected.{step}.w"], rtol: 1e-5, atol: 1e-6), $"w after step {step}");
            Assert.True(b.allclose(reference[$"expected.{step}.b"], rtol: 1e-5, atol: 1e-6), $"b after step {step}");
        }
    }

    [Fact]
    public void Restored_state_continues_like_the_original()
    {
        using var original = new Parameter(ones(3));
        using var copy = new Parameter(ones(3));
        using var first = new AdamW([("p", original)]);
        original.grad = tensor(new[] { 1f, -2f, 3f });
        first.Step(0.1);
        using (no_grad())
        {
            copy.copy_(original);
        }

        using var second = new AdamW([("p", copy)]);
        second.LoadState(first.StateTensors(), first.StepCount);
        original.grad = tensor(new[] { 0.5f, 0.5f, -1f });
        copy.grad = original.grad.clone();
        first.Step(0.1);
        second.Step(0.1);
        Assert.True(original.equal(copy).all().item<bool>());
    }

    [Fact]
    public void State_for_other_parameters_is_refused_with_the_key()
    {
        using var p = new Parameter(ones(3));
        using var optimizer = new AdamW([("p", p)]);
        var foreign = new Dictionary<string, Tensor> { ["exp_avg.q"] = zeros(3) };
        var error = Assert.Throws<InvalidDataException>(() => optimizer.LoadState(foreign, 1));
        Assert.Contains("exp_avg.p", error.Message, StringComparison.Ordinal);
    }
}
