using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

public sealed class ForcedRunTests
{
    private static readonly long[] Prompt = [5, 17, 42, 3];

    public ForcedRunTests() => TorchRuntime.Initialize();

    [Fact]
    public void A_sampled_run_start_is_completed_without_sampling()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var first = new TextGenerator(model).Generate(Prompt, new GenerationOptions(1, new HashSet<long>(), new SamplingOptions())).Single().Id;
        var run = new[] { first, 9L, 8L, 7L };

        var generated = new TextGenerator(model)
            .Generate(Prompt, new GenerationOptions(6, new HashSet<long>(), new SamplingOptions(), ForcedRuns: [run]))
            .Select(t => t.Id).ToList();

        Assert.Equal(run, generated.Take(4));
    }

    [Fact]
    public void A_required_run_is_emitted_before_the_reply_would_end()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var unforced = new TextGenerator(model).Generate(Prompt, new GenerationOptions(8, new HashSet<long>(), new SamplingOptions()))
            .Select(t => t.Id).ToList();
        var run = new[] { 11L, 12L, 13L };
        Assert.DoesNotContain(11L, unforced);

        var limited = new TextGenerator(model)
            .Generate(Prompt, new GenerationOptions(8, new HashSet<long>(), new SamplingOptions(), RequiredRuns: [run]))
            .Select(t => t.Id).ToList();
        var stopAt = unforced[2];
        var stopped = new TextGenerator(model)
            .Generate(Prompt, new GenerationOptions(8, new HashSet<long> { stopAt }, new SamplingOptions(), RequiredRuns: [run]))
            .Select(t => t.Id).ToList();

        Assert.Equal(8, limited.Count);
        Assert.Equal(run, limited.Skip(limited.IndexOf(11)).Take(3));
        Assert.Equal(unforced.Take(2).Concat(run), stopped.Take(5));
    }

    [Fact]
    public void A_run_the_limit_would_cut_short_ends_the_reply_and_never_crowds_out_a_required_run()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var first = new TextGenerator(model).Generate(Prompt, new GenerationOptions(1, new HashSet<long>(), new SamplingOptions())).Single().Id;
        var longRun = new[] { first, 9L, 8L, 7L };
        var stopId = first == 2 ? 3L : 2L;

        var cut = new TextGenerator(model)
            .Generate(Prompt, new GenerationOptions(3, new HashSet<long> { stopId }, new SamplingOptions(), ForcedRuns: [longRun]))
            .Select(t => t.Id).ToList();
        var crowded = new TextGenerator(model)
            .Generate(Prompt, new GenerationOptions(6, new HashSet<long> { stopId }, new SamplingOptions(), ForcedRuns: [longRun],
                RequiredRuns: [[11L, 12L, 13L]]))
            .Select(t => t.Id).ToList();

        Assert.Equal([stopId], cut);
        Assert.Equal([11L, 12L, 13L], crowded.Take(3));
    }

    [Fact]
    public void Two_required_runs_both_fit_before_the_limit_or_the_stop()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var unforced = new TextGenerator(model).Generate(Prompt, new GenerationOptions(10, new HashSet<long>(), new SamplingOptions()))
            .Select(t => t.Id).ToList();
        // Ids the model does not produce by itself, so the runs in the output were required, not sampled.
        var free = Enumerable.Range(10, 200).Select(i => (long)i).Where(i => !unforced.Contains(i)).Take(5).ToArray();
        long[][] runs = [[free[0], free[1], free[2]], [free[3], free[4]]];

        var limited = new TextGenerator(model)
            .Generate(Prompt, new GenerationOptions(8, new HashSet<long>(), new SamplingOptions(), RequiredRuns: runs))
            .Select(t => t.Id).ToList();
        var stopped = new TextGenerator(model)
            .Generate(Prompt, new GenerationOptions(10, new HashSet<long> { unforced[2] }, new SamplingOptions(), RequiredRuns: runs))
            .Select(t => t.Id).ToList();

        Assert.Equal(8, limited.Count);
        Assert.All(runs, run => Assert.Equal(run, limited.Skip(limited.IndexOf(run[0])).Take(run.Length)));
        Assert.All(runs, run => Assert.Equal(run, stopped.Skip(stopped.IndexOf(run[0])).Take(run.Length)));
    }
}
