using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

public sealed class BatchedDecoderTests
{
    private static readonly long[][] Prompts = [[5, 17, 42], [9, 1, 33, 60, 2, 71, 8], [40, 41, 12, 88, 3]];

    private static readonly GenerationOptions[] Options =
    [
        new(6, new HashSet<long>(), new SamplingOptions()),
        new(10, new HashSet<long>(), new SamplingOptions(Temperature: 0.9, TopK: 20, Seed: 11)),
        new(8, new HashSet<long>(), new SamplingOptions(RepetitionPenalty: 1.3)),
    ];

    public BatchedDecoderTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny-gqa")]
    public void MixedLengthSequencesJoiningAndLeaving_DecodeAsTheyWouldAlone(string config)
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", config, "model"));
        var alone = Prompts.Select((prompt, i) => new TextGenerator(model).Generate(prompt, Options[i]).ToList()).ToList();

        var together = Prompts.Select(_ => new List<GeneratedToken>()).ToList();
        using var decoder = new BatchedDecoder(model);
        var sequences = new List<DecodingSequence> { decoder.Add(Prompts[0], Options[0]), decoder.Add(Prompts[1], Options[1]) };
        for (var step = 0; decoder.Sequences.Count > 0; step++)
        {
            if (step == 2)
            {
                sequences.Add(decoder.Add(Prompts[2], Options[2]));        // joins a batch already 2 positions in
            }

            foreach (var (sequence, token) in decoder.Step())
            {
                together[sequences.IndexOf(sequence)].Add(token);
            }

            // Padding nobody needs is trimmed when the longest sequence leaves.
            Assert.Equal(decoder.Sequences.Select(s => s.Length).DefaultIfEmpty(0).Max(), decoder.CacheLength);
        }

        for (var i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(alone[i].Select(t => t.Id), together[i].Select(t => t.Id));
            for (var j = 0; j < alone[i].Count; j++)
            {
                var difference = alone[i][j].HiddenState.Zip(together[i][j].HiddenState, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(difference < 1e-4, $"sequence {i} token {j}: hidden states differ by {difference}");
            }
        }
    }

    [Fact]
    public void RemovedSequence_EndsCancelled_AndTheOthersContinueUnchanged()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny-gqa", "model"));
        var alone = new TextGenerator(model).Generate(Prompts[1], Options[1]).Select(t => t.Id).ToList();

        using var decoder = new BatchedDecoder(model);
        var cancelled = decoder.Add(Prompts[0], Options[0]);
        var kept = decoder.Add(Prompts[1], Options[1]);
        var ids = decoder.Step().Where(r => r.Sequence == kept).Select(r => r.Token.Id).ToList();
        decoder.Remove(cancelled);
        while (!kept.IsFinished)
        {
            ids.AddRange(decoder.Step().Select(r => r.Token.Id));
        }

        Assert.Equal(FinishReason.Cancelled, cancelled.Finish);
        Assert.Equal(alone, ids);
        Assert.Empty(decoder.Sequences);
        Assert.Equal(0, decoder.CacheLength);
    }

    [Fact]
    public void ZeroNewTokens_FinishesAtOnceWithoutJoining()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        using var decoder = new BatchedDecoder(model);

        var sequence = decoder.Add(Prompts[0], Options[0] with { MaxNewTokens = 0 });

        Assert.Equal(FinishReason.Length, sequence.Finish);
        Assert.Empty(decoder.Sequences);
        Assert.Empty(decoder.Step());
    }

    [Fact]
    public void BadPromptEmbeddings_AreRefusedNamingTheShape()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        using var decoder = new BatchedDecoder(model);
        using var embeds = zeros(2, 3, 32);

        var error = Assert.Throws<ArgumentException>(() => decoder.AddEmbeddings(embeds, Options[0]));
        Assert.Contains("[2, 3, 32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoHundredBatchedSteps_WithSequencesJoiningAndLeaving_KeepTheLiveTensorCountFlat()
    {
        var config = new LlamaConfig
        {
            HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2, IntermediateSize = 64,
            VocabSize = 64, MaxPositionEmbeddings = 512,
        };
        using var model = new LlamaForCausalLM(config);
        var sampled = new GenerationOptions(300, new HashSet<long>(), new SamplingOptions(Temperature: 1.0, Seed: 3));
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var liveAt = new Dictionary<int, long>();

        using (var decoder = new BatchedDecoder(model))
        {
            decoder.Add([1, 2, 3], sampled);
            decoder.Add([4, 5, 6, 7, 8], sampled);
            for (var step = 0; step < 200; step++)
            {
                if (step % 20 == 5)
                {
                    decoder.Add([9, 10], sampled with { MaxNewTokens = 12 });  // joins, then leaves 12 steps later
                }

                decoder.Step();
                if (step is 10 or 199)
                {
                    liveAt[step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                }
            }
        }

        Assert.Equal(liveAt[10], liveAt[199]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
