using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Schedulers;

/// <summary>
/// Every scheduler and configuration branch against diffusers 0.17.1 (tests/Fixtures/diffusion/schedulers/&lt;case&gt;):
/// timesteps (exactly), add_noise, scale_model_input and whole sampling loops of 10 and 25 steps driven by a closed-form
/// stand-in for the UNet, <c>tanh(x) / 2 + t / 1000</c>, so that only scheduler arithmetic is compared.
/// </summary>
public sealed class SchedulerParityTests
{
    private const double Tolerance = 1e-5;

    public SchedulerParityTests() => TorchRuntime.Initialize();

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var folder in Directory.GetDirectories(Fixtures.PathOf("diffusion", "schedulers")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder), 10);
            data.Add(Path.GetFileName(folder), 25);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Timesteps_EqualDiffusers(string name, int steps)
    {
        using var scope = NewDisposeScope();
        var (scheduler, expected) = Load(name);
        using var _ = scheduler;
        scheduler.SetTimesteps(steps);

        var reference = expected[$"timesteps_{steps}"].to_type(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(reference, scheduler.Timesteps);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AddNoiseAndScaleModelInput_MatchDiffusers(string name, int steps)
    {
        using var scope = NewDisposeScope();
        var (scheduler, expected) = Load(name);
        using var _ = scheduler;
        scheduler.SetTimesteps(steps);
        var timesteps = scheduler.Timesteps;
        var chosen = tensor(new[] { timesteps[0], timesteps[timesteps.Count / 2] });

        DiffusionAssert.Close(expected[$"add_noise_{steps}"], scheduler.AddNoise(expected["original"], expected["noise"], chosen), Tolerance);
        var start = expected["start"] * scheduler.InitNoiseSigma;
        DiffusionAssert.Close(expected[$"scaled_input_{steps}"], scheduler.ScaleModelInput(start, timesteps[0]), Tolerance);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SamplingLoop_FollowsDiffusersStepByStep(string name, int steps)
    {
        using var scope = NewDisposeScope();
        var (scheduler, expected) = Load(name);
        using var _ = scheduler;
        scheduler.SetTimesteps(steps);
        var trajectory = expected[$"trajectory_{steps}"];
        var sample = expected["start"] * scheduler.InitNoiseSigma;
        for (var i = 0; i < scheduler.Timesteps.Count; i++)
        {
            using var stepScope = NewDisposeScope();
            var t = scheduler.Timesteps[i];
            var input = scheduler.ScaleModelInput(sample, t);
            var output = scheduler.Step((input.tanh() * 0.5) + (0.001 * t), t, sample);
            DiffusionAssert.Close(trajectory[i], output.PrevSample, Tolerance, $"{name} step {i} (t = {t})");
            sample = output.PrevSample.MoveToOuterDisposeScope();
        }

        DiffusionAssert.Close(expected[$"final_{steps}"], sample, Tolerance);
    }

    [Fact]
    public void StepBeforeSetTimesteps_IsRefused()
    {
        using var scope = NewDisposeScope();
        using var scheduler = SchedulerFactory.Create(SchedulerConfig.StableDiffusion15);
        Assert.Throws<InvalidOperationException>(() => scheduler.Step(zeros(1, 4, 2, 2), 981, zeros(1, 4, 2, 2)));
    }

    [Fact]
    public void UnknownScheduler_IsRefusedNamingIt()
    {
        var config = SchedulerConfig.Parse("""{ "_class_name": "LMSDiscreteScheduler" }""");
        var error = Assert.Throws<InvalidDataException>(() => SchedulerFactory.Create(config));
        Assert.Contains("LMSDiscreteScheduler", error.Message, StringComparison.Ordinal);
    }

    private static (IScheduler Scheduler, Dictionary<string, Tensor> Expected) Load(string name) => (
        SchedulerFactory.Load(Fixtures.PathOf("diffusion", "schedulers", name, "scheduler_config.json")),
        SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "schedulers", name, "expected.safetensors")));
}
