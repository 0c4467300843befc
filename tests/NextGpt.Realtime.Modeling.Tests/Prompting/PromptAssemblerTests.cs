using NextGpt.Realtime.Modeling.Prompting;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Tests.Tokenization;
using NextGpt.Realtime.Modeling.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Prompting;

/// <summary>The legacy prompt layout (architecture notes section 2.1) spliced into inputs_embeds.</summary>
public sealed class PromptAssemblerTests
{
    private const int Hidden = 8;
    private readonly CharacterTokenizer _tokenizer = new();
    private readonly Tensor _table;

    public PromptAssemblerTests()
    {
        TorchRuntime.Initialize();
        _table = randn(32038, Hidden, generator: new Generator(3));
    }

    [Fact]
    public void ImagePrompt_HasABosPerTextSegmentAndTheProjectedTokenBetweenImgMarkers()
    {
        using var scope = NewDisposeScope();
        var image = randn(1, 1, Hidden);
        var assembler = new PromptAssembler(_tokenizer, Embed);

        var prompt = assembler.Assemble(LegacyPromptFormat.UserTurn("describe it", [new PromptMedia(image)]));

        long[] expected =
        [
            1, .. _tokenizer.Encode("### Human:"), 32000, AssembledPrompt.MediaPlaceholder, 32001,
            1, .. _tokenizer.Encode(" describe it\n### Assistant:"),
        ];
        Assert.Equal(expected, prompt.TokenIds);
        Assert.Equal([1L, expected.Length, Hidden], prompt.InputsEmbeds.shape);
        var media = Array.IndexOf(expected, AssembledPrompt.MediaPlaceholder);
        Assert.True(prompt.InputsEmbeds[0, media].equal(image[0, 0]).all().ToBoolean());
        for (var i = 0; i < expected.Length; i++)
        {
            if (i != media)
            {
                Assert.True(prompt.InputsEmbeds[0, i].equal(_table[expected[i]]).all().ToBoolean(), $"position {i}");
            }
        }
    }

    [Fact]
    public void TextOnlyPrompt_IsOneSegmentWithOneBos()
    {
        using var scope = NewDisposeScope();
        var prompt = new PromptAssembler(_tokenizer, Embed).Assemble(LegacyPromptFormat.UserTurn("hi", []));

        Assert.Equal([1L, .. _tokenizer.Encode("### Human: hi\n### Assistant:")], prompt.TokenIds);
    }

    [Fact]
    public void TrainingLayout_HasASingleBos()
    {
        using var scope = NewDisposeScope();
        var assembler = new PromptAssembler(_tokenizer, Embed) { BosPerTextSegment = false };

        var prompt = assembler.Assemble(LegacyPromptFormat.UserTurn("q", [new PromptMedia(zeros(1, 1, Hidden))]));

        Assert.Equal(1, prompt.TokenIds.Count(id => id == 1));
        Assert.Equal(1, prompt.TokenIds[0]);
    }

    [Fact]
    public void SeveralMedia_AreEachWrapped()
    {
        using var scope = NewDisposeScope();
        var segments = LegacyPromptFormat.UserTurn("q", [new PromptMedia(zeros(1, 1, Hidden)), new PromptMedia(ones(1, 1, Hidden))]);

        var prompt = new PromptAssembler(_tokenizer, Embed).Assemble(segments);

        Assert.Equal(2, prompt.TokenIds.Count(id => id == 32000));
        Assert.Equal(2, prompt.TokenIds.Count(id => id == AssembledPrompt.MediaPlaceholder));
        Assert.Equal(2, prompt.TokenIds.Count(id => id == 32001));
    }

    [Fact]
    public void BadMedia_IsRefusedClearly()
    {
        using var scope = NewDisposeScope();
        var assembler = new PromptAssembler(_tokenizer, Embed);

        Assert.Throws<ArgumentException>(() => assembler.Assemble(LegacyPromptFormat.UserTurn("q", [new PromptMedia(zeros(1, Hidden))])));
        var error = Assert.Throws<ArgumentException>(() =>
            assembler.Assemble(LegacyPromptFormat.UserTurn("q", [new PromptMedia(zeros(1, 1, Hidden + 1))])));
        Assert.Contains("width", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => assembler.Assemble([]));
    }

    [Fact]
    public void ProjectTokenizer_KeepsTheImgMarkersWhole()
    {
        using var scope = NewDisposeScope();
        var tokenizer = LlamaSentencePieceTokenizer.Load(SentencePieceFixture.ModelPath);
        var table = randn(tokenizer.VocabularySize, Hidden);
        var assembler = new PromptAssembler(tokenizer, ids => table.index_select(0, ids.reshape(-1)).unsqueeze(0));

        var prompt = assembler.Assemble(LegacyPromptFormat.UserTurn("what is this?", [new PromptMedia(zeros(1, 1, Hidden))]));

        var start = prompt.TokenIds.ToList().IndexOf(tokenizer.Signals.ImageStart);
        Assert.True(start > 0);
        Assert.Equal([tokenizer.Signals.ImageStart, AssembledPrompt.MediaPlaceholder, tokenizer.Signals.ImageEnd, tokenizer.SpecialIds.Bos],
            prompt.TokenIds.Skip(start).Take(4));
        Assert.Equal(tokenizer.SpecialIds.Bos, prompt.TokenIds[0]);
        Assert.Equal(2, prompt.TokenIds.Count(id => id == tokenizer.SpecialIds.Bos));
    }

    private Tensor Embed(Tensor ids) => _table.index_select(0, ids.reshape(-1)).unsqueeze(0);
}
