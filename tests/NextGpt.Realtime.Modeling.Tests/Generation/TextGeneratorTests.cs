using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

public sealed class TextGeneratorTests
{
    private static readonly long[] Prompt = [5, 17, 42, 3];

    public TextGeneratorTests() => TorchRuntime.Initialize();

    [Fact]
    public void Greedy_EqualsArgmaxOfFullRecomputation_AndReportsEachTokensOwnHiddenState()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny-gqa", "model"));
        var options = new GenerationOptions(6, new HashSet<long>(), new SamplingOptions());

        var generated = new TextGenerator(model).Generate(Prompt, options).ToList();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sequence = Prompt.ToList();
        foreach (var token in generated)
        {
            var output = model.forward(new LlamaInput(InputIds: tensor(sequence.ToArray()).unsqueeze(0)));
            Assert.Equal(output.Logits[0, -1].argmax().item<long>(), token.Id);
            sequence.Add(token.Id);
        }

        var final = model.forward(new LlamaInput(InputIds: tensor(sequence.ToArray()).unsqueeze(0)));
        for (var i = 0; i < generated.Count; i++)
        {
            var expected = final.HiddenStates[0, Prompt.Length + i];
            var actual = tensor(generated[i].HiddenState);
            Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-4), $"hidden state of generated token {i}");
        }
    }

    [Fact]
    public void SeededSampling_IsReproducible_AndSeedsDiffer()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var generator = new TextGenerator(model);
        GenerationOptions Options(long seed) => new(12, new HashSet<long>(), new SamplingOptions(Temperature: 1.5, TopK: 50, TopP: 0.95, Seed: seed));

        var first = generator.Generate(Prompt, Options(7)).Select(t => t.Id).ToList();
        var again = generator.Generate(Prompt, Options(7)).Select(t => t.Id).ToList();
        var other = generator.Generate(Prompt, Options(8)).Select(t => t.Id).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void StopToken_EndsTheReplyAndIsReported()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var greedy = new TextGenerator(model).Generate(Prompt, new GenerationOptions(5, new HashSet<long>(), new SamplingOptions())).ToList();
        var stopAt = greedy[2].Id;

        var stopped = new TextGenerator(model).Generate(Prompt, new GenerationOptions(5, new HashSet<long> { stopAt }, new SamplingOptions())).ToList();

        var firstStop = greedy.FindIndex(t => t.Id == stopAt);
        Assert.Equal(firstStop + 1, stopped.Count);
        Assert.True(stopped[^1].IsStop);
        Assert.All(stopped.SkipLast(1), t => Assert.False(t.IsStop));
    }

    [Fact]
    public void Cancellation_StopsBetweenSteps()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        using var cancellation = new CancellationTokenSource();
        var received = new List<long>();

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var token in new TextGenerator(model).Generate(Prompt, new GenerationOptions(50, new HashSet<long>(), new SamplingOptions()), cancellation.Token))
            {
                received.Add(token.Id);
                if (received.Count == 3)
                {
                    cancellation.Cancel();
                }
            }
        });
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public void TwoHundredDecodeSteps_KeepTheLiveTensorCountFlat()
    {
        var config = new LlamaConfig
        {
            HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2, IntermediateSize = 64,
            VocabSize = 64, MaxPositionEmbeddings = 512,
        };
        using var model = new LlamaForCausalLM(config);
        var options = new GenerationOptions(200, new HashSet<long>(), new SamplingOptions(Temperature: 1.0, Seed: 3));
        var liveAt = new Dictionary<int, long>();

        foreach (var token in new TextGenerator(model).Generate(Prompt, options))
        {
            if (token.Step is 10 or 199)
            {
                liveAt[token.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
        }

        Assert.Equal(liveAt[10], liveAt[199]);
    }
}
