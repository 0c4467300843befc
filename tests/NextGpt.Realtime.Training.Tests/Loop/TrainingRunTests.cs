using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using NextGpt.Realtime.Training.Optimization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Loop;

public sealed class TrainingRunTests : IDisposable
{
    private static readonly LlamaConfig Config = new()
    {
        HiddenSize = 32,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        IntermediateSize = 64,
        VocabSize = 24,
        MaxPositionEmbeddings = 64,
    };

    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-train-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Loss_falls_on_a_learnable_corpus_and_is_logged_for_every_step()
    {
        var (model, objective) = Build(initSeed: 1);
        using (model)
        {
            var losses = new List<double>();
            var result = new TrainingRun(objective, Options(totalSteps: 60), Dir("a")).Run(new Recorder(p => losses.Add(p.Loss)));

            Assert.Equal(60, result.StepsCompleted);
            Assert.False(result.Interrupted);
            Assert.True(losses.TakeLast(10).Average() < 0.5 * losses.Take(5).Average(),
                $"loss went from {losses.Take(5).Average():F3} to {losses.TakeLast(10).Average():F3}");
            var log = LossLog.Read(Path.Combine(Dir("a"), "loss.jsonl"));
            Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), log.Select(e => e.Step));
        }
    }

    [Fact]
    public void An_interrupted_run_resumes_to_the_same_weights_as_an_uninterrupted_one()
    {
        var (straightModel, straight) = Build(initSeed: 2);
        using (straightModel)
        {
            new TrainingRun(straight, Options(totalSteps: 20), Dir("straight")).Run();

            var (firstModel, first) = Build(initSeed: 2);
            using var cancel = new CancellationTokenSource();
            TrainingResult interrupted;
            using (firstModel)
            {
                interrupted = new TrainingRun(first, Options(totalSteps: 20), Dir("resumed"))
                    .Run(new Recorder(p => { if (p.Step == 7) { cancel.Cancel(); } }), cancel.Token);
            }

            // A new process: different initial weights, which the checkpoint must overwrite.
            var (resumedModel, resumed) = Build(initSeed: 99);
            using (resumedModel)
            {
                var result = new TrainingRun(resumed, Options(totalSteps: 20), Dir("resumed")).Run();

                Assert.True(interrupted.Interrupted);
                Assert.Equal(8, interrupted.StepsCompleted);
                Assert.Equal(8, result.ResumedFromStep);
                Assert.Equal(20, result.StepsCompleted);
                foreach (var ((name, a), (_, b)) in straight.TrainableParameters.Zip(resumed.TrainableParameters))
                {
                    Assert.True(a.allclose(b, rtol: 0, atol: 1e-6), $"{name} differs after resuming");
                }

                var log = LossLog.Read(Path.Combine(Dir("resumed"), "loss.jsonl"));
                Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), log.Select(e => e.Step));
            }
        }
    }

    [Fact]
    public void Only_the_newest_checkpoints_are_kept_and_a_partial_one_is_ignored()
    {
        var (model, objective) = Build(initSeed: 3);
        using (model)
        {
            new TrainingRun(objective, Options(totalSteps: 9) with { CheckpointEvery = 2 }, Dir("c")).Run();
            var checkpoints = Path.Combine(Dir("c"), "checkpoints");
            Directory.CreateDirectory(Path.Combine(checkpoints, "step-00000100.partial"));

            var kept = Directory.GetDirectories(checkpoints).Select(d => Path.GetFileName(d)!).Order().ToArray();
            Assert.Equal(["step-00000008", "step-00000009", "step-00000100.partial"], kept);
            Assert.Equal(9, new Checkpointing.TrainingCheckpoint(Dir("c")).Latest()!.Value.Steps);
        }
    }

    [Fact]
    public void A_checkpoint_of_another_configuration_is_refused_clearly()
    {
        var (model, objective) = Build(initSeed: 4);
        using (model)
        {
            new TrainingRun(objective, Options(totalSteps: 2), Dir("d")).Run();
        }

        var wider = Config with { HiddenSize = 48, IntermediateSize = 96 };
        using var other = new LlamaForCausalLM(wider);
        var otherObjective = new LanguageModelObjective(other, Batcher());
        var error = Assert.Throws<InvalidDataException>(() => new TrainingRun(otherObjective, Options(totalSteps: 4), Dir("d")).Run());
        Assert.Contains("another configuration", error.Message, StringComparison.Ordinal);
    }

    private string Dir(string name) => Path.Combine(_root, name);

    private static TrainingOptions Options(long totalSteps) => new()
    {
        TotalSteps = totalSteps,
        Schedule = new WarmupDecaySchedule(maxLr: 1e-2, totalSteps: totalSteps, warmupSteps: 2),
        CheckpointEvery = 5,
    };

    private static (LlamaForCausalLM Model, LanguageModelObjective Objective) Build(int initSeed)
    {
        random.manual_seed(initSeed);
        var model = new LlamaForCausalLM(Config);
        return (model, new LanguageModelObjective(model, Batcher()));
    }

    // Counting sequences: each token is the previous plus one (mod 20), a pattern a tiny model learns in a few steps.
    private static ExampleBatcher Batcher()
    {
        var examples = Enumerable.Range(0, 32)
            .Select(start => TokenizedExample.Full(Enumerable.Range(0, 12).Select(i => (long)(((start + i) % 20) + 2)).ToArray()))
            .ToList();
        return new ExampleBatcher(examples, batchSize: 8, seed: 5, padId: 0);
    }

    private sealed class Recorder(Action<TrainingProgress> onStep) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onStep(value);
    }
}
