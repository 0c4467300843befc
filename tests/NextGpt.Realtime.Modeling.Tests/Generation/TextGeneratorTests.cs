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
    public void StopString_SpreadOverTokens_EndsTheReplyAndIsNotShown()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var greedy = new TextGenerator(model).Generate(Prompt, new GenerationOptions(8, new HashSet<long>(), new SamplingOptions()))
            .Select(t => t.Id).ToList();
        // Every token reads as a word, except two that together spell NExT-GPT's stop text "###".
        var pieces = Enumerable.Range(0, 96).ToDictionary(i => i, i => $"▁w{i}");
        pieces[(int)greedy[2]] = "▁#";
        pieces[(int)greedy[3]] = "##";
        var decoder = new PieceDecoder(pieces);
        var ids = greedy.Select(id => (int)id).ToList();
        var stopsAfter = Enumerable.Range(1, ids.Count).First(n => decoder.Decode(ids[..n]).Contains("###", StringComparison.Ordinal));
        var decoded = decoder.Decode(ids[..stopsAfter]);
        Assert.True(stopsAfter >= 2, "the stop text must span tokens");

        var options = new GenerationOptions(8, new HashSet<long>(), new SamplingOptions(), GenerationOptions.NextGptStopStrings);
        var tokens = new TextGenerator(model).Generate(Prompt, options, decoder).ToList();

        Assert.Equal(greedy.Take(stopsAfter), tokens.Select(t => t.Id));
        Assert.True(tokens[^1].IsStop);
        Assert.Equal(decoded[..decoded.IndexOf("###", StringComparison.Ordinal)], string.Concat(tokens.Select(t => t.Text)));
    }

    [Fact]
    public void TokenTexts_ConcatenateToTheDecodedReply()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var decoder = new PieceDecoder(Enumerable.Range(0, 96).ToDictionary(i => i, i => i % 3 == 0 ? $"▁w{i}" : $"-{i}"));

        var tokens = new TextGenerator(model).Generate(Prompt, new GenerationOptions(10, new HashSet<long>(), new SamplingOptions()), decoder)
            .ToList();

        Assert.Equal(decoder.Decode(tokens.Select(t => (int)t.Id).ToList()), string.Concat(tokens.Select(t => t.Text)));
        Assert.Equal(FinishReason.Length, tokens[^1].Finish);
        Assert.All(tokens.SkipLast(1), t => Assert.Null(t.Finish));
    }

    [Fact]
    public void StopStringsWithoutADecoder_AreRefused()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var options = new GenerationOptions(4, new HashSet<long>(), new SamplingOptions(), ["###"]);

        Assert.Throws<ArgumentException>(() => new TextGenerator(model).Generate(Prompt, options).ToList());
    }

    [Fact]
    public void Cancellation_StopsBetweenSteps()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        using var cancellation = new CancellationTokenSource();
        var received = new List<long>();

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var token in new TextGenerator(model).Generate(Prompt, new GenerationOptions(50, new HashSet<long>(), new SamplingOptions()), cancellationToken: cancellation.Token))
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
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        // Step 199 is the last token: by then the reply has left the decoder and its KV cache is freed, so the flat
        // count is read at 10 and 198, and after the loop everything the generator made is gone.
        foreach (var token in new TextGenerator(model).Generate(Prompt, options))
        {
            if (token.Step is 10 or 198)
            {
                liveAt[token.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
        }

        Assert.Equal(liveAt[10], liveAt[198]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
