using System.Text.Json;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.TextEncoders;

/// <summary>
/// The CLIP BPE tokenizer on a small vocabulary trained by tools/reference/make_text_encoder_fixtures.py, against the
/// ids openai's simple_tokenizer.py bpe() (restated in that script) gives for the same sentences.
/// </summary>
public sealed class ClipTokenizerTests
{
    private static readonly string TokenizerFolder = Fixtures.PathOf("clip-text", "tokenizer");

    public static TheoryData<int> CaseIndices { get; } = new(Enumerable.Range(0, LoadCases().Count));

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Encode_MatchesTheReferenceBpe(int index)
    {
        var tokenizer = ClipTokenizer.FromDirectory(TokenizerFolder);
        var (text, ids, _) = LoadCases()[index];

        Assert.Equal(ids, tokenizer.Encode(text));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void EncodeForModel_IsStartTokensEndThenPaddingTo77(int index)
    {
        var tokenizer = ClipTokenizer.FromDirectory(TokenizerFolder);
        var (text, _, inputIds) = LoadCases()[index];

        Assert.Equal(inputIds, tokenizer.EncodeForModel(text));
    }

    [Fact]
    public void SpecialTokens_AreReadFromTheFolder()
    {
        var tokenizer = ClipTokenizer.FromDirectory(TokenizerFolder);

        Assert.Equal(tokenizer.VocabularySize - 2, tokenizer.BosTokenId);
        Assert.Equal(tokenizer.VocabularySize - 1, tokenizer.EosTokenId);
        // SD 1.5 pads with <|endoftext|> (special_tokens_map.json "pad_token").
        Assert.Equal(tokenizer.EosTokenId, tokenizer.PadTokenId);
        Assert.Equal(77, tokenizer.ModelMaxLength);
    }

    [Fact]
    public void EmptyPrompt_IsStartEndAndPadding()
    {
        var tokenizer = ClipTokenizer.FromDirectory(TokenizerFolder);

        var row = tokenizer.EncodeForModel("");

        Assert.Equal(77, row.Length);
        Assert.Equal(tokenizer.BosTokenId, row[0]);
        Assert.All(row.Skip(1), id => Assert.Equal(tokenizer.EosTokenId, id));
    }

    [Fact]
    public void Decode_ReturnsTheCleanedText()
    {
        var tokenizer = ClipTokenizer.FromDirectory(TokenizerFolder);

        var ids = tokenizer.EncodeForModel("A photo of a CAT,  phototropic \U0001F431!").Select(id => (int)id);

        // "🐱!" is one run of symbols, so one word: no space is put between them.
        Assert.Equal("a photo of a cat , phototropic \U0001F431!", tokenizer.Decode(ids));
    }

    [Fact]
    public void EncodeBatch_StacksRowsAsInt64()
    {
        TorchRuntime.Initialize();
        var tokenizer = ClipTokenizer.FromDirectory(TokenizerFolder);

        using var batch = tokenizer.EncodeBatch(["a photo of a cat", ""]);

        Assert.Equal([2L, 77], batch.shape);
        Assert.Equal(ScalarType.Int64, batch.dtype);
        Assert.Equal(tokenizer.EncodeForModel(""), batch[1].data<long>().ToArray());
    }

    [Theory]
    [InlineData("the dog's toys!", new[] { "the", "dog", "'s", "toys", "!" })]
    [InlineData("it's 3.14", new[] { "it", "'s", "3", ".", "1", "4" })]
    [InlineData("...'s x<|endoftext|>", new[] { "...'", "s", "x", "<|endoftext|>" })]
    [InlineData("!<|endoftext|>", new[] { "!<|", "endoftext", "|>" })]
    [InlineData("\U0001D400bc \U0001F431\U0001F431", new[] { "\U0001D400bc", "\U0001F431\U0001F431" })]
    public void Split_FollowsOpenaisPatternCodePointByCodePoint(string text, string[] expected)
    {
        Assert.Equal(expected, ClipPreTokenizer.Split(text));
    }

    [Fact]
    public void Clean_NormalisesCollapsesAndLowerCases()
    {
        Assert.Equal("caf\u00e9 a b", ClipPreTokenizer.Clean("  CAFE\u0301\t\n a \u00a0 B \u001f"));
    }

    [Fact]
    public void AFolderWithoutMerges_IsRefused()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"clip-tok-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(TokenizerFolder, "vocab.json"), Path.Combine(folder, "vocab.json"));

            var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromDirectory(folder));

            Assert.Contains("merges.txt", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<(string Text, int[] Ids, long[] InputIds)> LoadCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("clip-text", "tokenizer-cases.json")));
        return document.RootElement.EnumerateArray().Select(c => (
            c.GetProperty("text").GetString()!,
            c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            c.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray())).ToList();
    }
}
