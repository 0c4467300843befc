using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

public sealed class BatchedGeneratorTests : IDisposable
{
    private static readonly long[][] Prompts = [[5, 17, 42], [9, 1, 33, 60, 2, 71, 8], [40, 41, 12, 88, 3]];

    private readonly LlamaForCausalLM _model;

    public BatchedGeneratorTests()
    {
        TorchRuntime.Initialize();
        _model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny-gqa", "model"));
    }

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task ConcurrentRequests_StreamTheTokensEachWouldGetAlone()
    {
        var options = Prompts.Select((_, i) => new GenerationOptions(6 + (3 * i), new HashSet<long>(), new SamplingOptions(Temperature: 0.8, Seed: i)))
            .ToArray();
        var alone = Prompts.Select((prompt, i) => new TextGenerator(_model).Generate(prompt, options[i]).Select(t => t.Id).ToList()).ToList();

        using var generator = new BatchedGenerator(_model, maxBatchSize: 2);
        var streams = Prompts.Select((prompt, i) => Collect(generator.GenerateAsync(GenerationRequest.FromIds(prompt, options[i])))).ToArray();
        var together = await Task.WhenAll(streams);

        for (var i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(alone[i], together[i].Select(t => t.Id));
            Assert.Equal(FinishReason.Length, together[i][^1].Finish);
        }
    }

    [Fact]
    public async Task PromptEmbeddings_AreOwnedByTheGeneratorAndGiveTheSameReplyAsIds()
    {
        var options = new GenerationOptions(5, new HashSet<long>(), new SamplingOptions());
        var alone = new TextGenerator(_model).Generate(Prompts[1], options).Select(t => t.Id).ToList();
        Tensor embeds;
        using (no_grad())
        {
            using var ids = tensor(Prompts[1]).unsqueeze(0);
            embeds = _model.Model.Embed(ids);
        }

        using var generator = new BatchedGenerator(_model);
        var tokens = await Collect(generator.GenerateAsync(GenerationRequest.FromEmbeddings(embeds, options)));

        Assert.Equal(alone, tokens.Select(t => t.Id));
        Assert.True(embeds.IsInvalid, "the generator disposes the prompt embeddings it was given");
    }

    [Fact]
    public async Task Cancelling_OneReply_StopsItBetweenSteps_AndTheOthersFinish()
    {
        // The cancelled reply asks for many tokens so that it is still decoding, beside the other, when it is cancelled.
        var options = new GenerationOptions(40, new HashSet<long>(), new SamplingOptions());
        var longOptions = options with { MaxNewTokens = 400 };
        var alone = new TextGenerator(_model).Generate(Prompts[0], options).Select(t => t.Id).ToList();
        using var generator = new BatchedGenerator(_model);
        using var cancellation = new CancellationTokenSource();
        var received = new List<GeneratedToken>();

        var other = Collect(generator.GenerateAsync(GenerationRequest.FromIds(Prompts[0], options)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var token in generator.GenerateAsync(GenerationRequest.FromIds(Prompts[1], longOptions), cancellation.Token))
            {
                received.Add(token);
                if (received.Count == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(2, received.Count);
        Assert.Equal(alone, (await other).Select(t => t.Id));
    }

    [Fact]
    public async Task ABadRequest_FailsAloneWithItsReason()
    {
        using var generator = new BatchedGenerator(_model);
        var options = new GenerationOptions(4, new HashSet<long>(), new SamplingOptions());
        var bad = GenerationRequest.FromEmbeddings(zeros(1, 3, 7), options);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Collect(generator.GenerateAsync(bad)));
        var good = await Collect(generator.GenerateAsync(GenerationRequest.FromIds(Prompts[0], options)));

        Assert.Contains("inputs_embeds", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, good.Count);
    }

    [Fact]
    public async Task ADisposedGenerator_RefusesNewRequests()
    {
        var generator = new BatchedGenerator(_model);
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            Collect(generator.GenerateAsync(GenerationRequest.FromIds(Prompts[0], new GenerationOptions(2, new HashSet<long>(), new SamplingOptions())))));
    }

    private static async Task<List<GeneratedToken>> Collect(IAsyncEnumerable<GeneratedToken> stream)
    {
        var tokens = new List<GeneratedToken>();
        await foreach (var token in stream)
        {
            tokens.Add(token);
        }

        return tokens;
    }
}
