using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Prompting;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Prompting;

/// <summary>Signal-token runs found in generated ids and the output projector's two inputs (architecture notes section 5.3).</summary>
public sealed class SignalTokenGathererTests
{
    private const int Hidden = 32;
    private readonly Tensor _table;

    public SignalTokenGathererTests()
    {
        TorchRuntime.Initialize();
        _table = randn(32038, Hidden, generator: new Generator(5));
    }

    [Fact]
    public void ImageRun_TakesTheHiddenStatesWhereItsTokensWereFed()
    {
        using var scope = NewDisposeScope();
        long[] generated = [450, 338, 32002, 32003, 32004, 32005, 13, 835];
        var fed = randn(generated.Length - 1, Hidden);                              // the last token not yet fed

        var spans = new SignalTokenGatherer(LegacyRuns, Embed).Gather(generated, fed);

        var span = Assert.Single(spans);
        Assert.Equal(SignalModality.Image, span.Modality);
        Assert.Equal(2, span.Start);
        Assert.True(span.HiddenStates.equal(fed[2..6].unsqueeze(0)).all().ToBoolean());
        Assert.True(span.InputEmbeds.equal(_table[32002..32006].unsqueeze(0)).all().ToBoolean());
    }

    [Fact]
    public void Spans_FeedTheOutputProjector()
    {
        using var scope = NewDisposeScope();
        // The fixture projector reads 3 signal tokens of width 32; give it a 3-token "image" run.
        var signals = new Dictionary<SignalModality, IReadOnlyList<long>>
        {
            [SignalModality.Image] = [32002, 32003, 32004],
            [SignalModality.Audio] = [32030],
        };
        long[] generated = [32030, 29871, 32002, 32003, 32004, 13];
        using var projector = OutputProjector.FromPretrained(Fixtures.PathOf("projectors", "output-projector", "model"));

        var spans = new SignalTokenGatherer(signals, Embed).Gather(generated, randn(1, generated.Length, Hidden));

        Assert.Equal([SignalModality.Audio, SignalModality.Image], spans.Select(s => s.Modality));
        using var noGrad = no_grad();
        var image = spans[1];
        Assert.Equal([1L, 5, 24], projector.forward(image.HiddenStates, image.InputEmbeds).shape);
    }

    [Fact]
    public void IncompleteRun_IsReportedClearly()
    {
        using var scope = NewDisposeScope();
        var gatherer = new SignalTokenGatherer(LegacyRuns, Embed);

        Assert.Throws<InvalidDataException>(() => gatherer.Gather([32002, 32003, 13], randn(3, Hidden)));
        var error = Assert.Throws<InvalidOperationException>(() => gatherer.Gather([32002, 32003, 32004, 32005], randn(3, Hidden)));
        Assert.Contains("one step past", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedTokens_WithoutTheLastHiddenState_GiveTheSameSpan()
    {
        using var scope = NewDisposeScope();
        long[] ids = [450, 32002, 32003, 32004, 32005, 13];
        var fed = randn(ids.Length - 1, Hidden);
        var tokens = ids.Select((id, step) =>
            new GeneratedToken(id, step, step < ids.Length - 1 ? fed[step].data<float>().ToArray() : [])).ToList();

        var span = Assert.Single(new SignalTokenGatherer(LegacyRuns, Embed).Gather(tokens));

        Assert.Equal(1, span.Start);
        Assert.True(span.HiddenStates.equal(fed[1..5].unsqueeze(0)).all().ToBoolean());
    }

    // The released model's ids (architecture notes section 2.1): [IMG0..3] 32002.., [VID0..23] 32006.., [AUD0..7] 32030...
    private static readonly IReadOnlyDictionary<SignalModality, IReadOnlyList<long>> LegacyRuns =
        new Dictionary<SignalModality, IReadOnlyList<long>>
        {
            [SignalModality.Image] = [.. Enumerable.Range(32002, 4).Select(i => (long)i)],
            [SignalModality.Video] = [.. Enumerable.Range(32006, 24).Select(i => (long)i)],
            [SignalModality.Audio] = [.. Enumerable.Range(32030, 8).Select(i => (long)i)],
        };

    private Tensor Embed(Tensor ids) => _table.index_select(0, ids.reshape(-1)).unsqueeze(0);
}
