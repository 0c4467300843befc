using System.Text;
using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

public sealed class LlamaSentencePieceTokenizerTests
{
    private static readonly SentencePieceFixture Expected = SentencePieceFixture.Expected;
    private static readonly LlamaSentencePieceTokenizer Tokenizer = LlamaSentencePieceTokenizer.Load(SentencePieceFixture.ModelPath);

    public static TheoryData<int> CaseIndices() => [.. Enumerable.Range(0, Expected.Cases.Count)];

    [Fact]
    public void SmallModel_HasLlamaControlIds_AndTheAddedTokensAfterItsPieces()
    {
        Assert.Equal(Expected.BaseVocabularySize, Tokenizer.BaseVocabularySize);
        Assert.Equal(Expected.BaseVocabularySize + 38, Tokenizer.VocabularySize);
        Assert.Equal(new SpecialTokenIds(Bos: 1, Eos: 2, Unknown: 0, Pad: 2), Tokenizer.SpecialIds);
        Assert.Equal(Expected.BaseVocabularySize, Tokenizer.Signals.ImageStart);
        Assert.Equal(Expected.BaseVocabularySize + 37, Tokenizer.Signals.Audio[^1]);
        Assert.Equal("<0xE2>", Tokenizer.TokenPiece(3 + 0xE2));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Encode_MatchesSentencePieceWithTheLegacyAddedTokenSplit(int index)
    {
        var c = Expected.Cases[index];

        var ids = Tokenizer.Encode(c.Text, addBos: false);

        Assert.Equal(c.Ids, ids);
        Assert.Equal(c.Pieces, ids.Select(Tokenizer.TokenPiece));
        Assert.Equal([1, .. c.Ids], Tokenizer.Encode(c.Text, addBos: true));
        Assert.Equal([1, .. c.Ids, 2], Tokenizer.Encode(c.Text, addBos: true, addEos: true));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Decode_MatchesTheLegacySlowTokenizer(int index)
    {
        var c = Expected.Cases[index];

        Assert.Equal(c.Decoded, Tokenizer.Decode(c.Ids, skipSpecialTokens: false));
        Assert.Equal(c.DecodedSkipSpecial, Tokenizer.Decode([1, .. c.Ids, 2], skipSpecialTokens: true));
    }

    [Fact]
    public void PieceDecode_MatchesSentencePiece_ForCutOffCharactersUnknownAndControlPieces()
    {
        foreach (var (ids, text) in Expected.PieceDecodes)
        {
            Assert.Equal(text, Tokenizer.DecodePieces(ids));
        }
    }

    [Fact]
    public void TextWithoutAddedTokens_RoundTrips()
    {
        foreach (var c in Expected.Cases.Where(c => !c.Text.Contains('[') && !c.Text.Contains('<')))
        {
            Assert.Equal(c.Text, Tokenizer.Decode(Tokenizer.Encode(c.Text, addBos: true)));
        }
    }

    [Fact]
    public void SignalTokens_AreContiguousWithoutSpacePieces_AsTheLegacyTokenizerGivesThem()
    {
        var ids = Tokenizer.Encode("a caption[IMG0] [IMG1] [IMG2] [IMG3]\n###", addBos: false);
        var start = ids.ToList().IndexOf(Tokenizer.Signals.Image[0]);

        Assert.Equal(Tokenizer.Signals.Image, ids.Skip(start).Take(4));
        Assert.Equal(SignalModality.Image, Tokenizer.Signals.ModalityOf(ids[start + 3]));
        Assert.Null(Tokenizer.Signals.ModalityOf(ids[0]));
        // The legacy split strips whitespace next to added tokens, newlines included: "[IMG3]\n###" loses its "\n".
        Assert.Equal("a caption [IMG0] [IMG1] [IMG2] [IMG3] ###", Tokenizer.Decode(ids));
    }

    [Fact]
    public void WithLlamasVocabularySize_TheAddedTokensGetNextGptsIds32000To32037()
    {
        using var stream = new MemoryStream(SentencePieceModelBytes.PaddedTo(File.ReadAllBytes(SentencePieceFixture.ModelPath), 32000));
        var tokenizer = LlamaSentencePieceTokenizer.FromStream(stream);

        Assert.Equal(32000, tokenizer.BaseVocabularySize);
        Assert.Equal(32038, tokenizer.VocabularySize);
        var expected = new Dictionary<string, int> { ["<Img>"] = 32000, ["</Img>"] = 32001 };
        for (var i = 0; i < 4; i++)
        {
            expected[$"[IMG{i}]"] = 32002 + i;
        }

        for (var i = 0; i < 24; i++)
        {
            expected[$"[VID{i}]"] = 32006 + i;
        }

        for (var i = 0; i < 8; i++)
        {
            expected[$"[AUD{i}]"] = 32030 + i;
        }

        foreach (var (text, id) in expected)
        {
            Assert.Equal(id, tokenizer.TokenId(text));
            Assert.Equal(text, tokenizer.TokenPiece(id));
            Assert.Equal([id], tokenizer.Encode(text, addBos: false));
        }

        Assert.Equal([32000, 32001], [tokenizer.Signals.ImageStart, tokenizer.Signals.ImageEnd]);
        Assert.Equal(Enumerable.Range(32002, 4), tokenizer.Signals.For(SignalModality.Image));
        Assert.Equal(Enumerable.Range(32006, 24), tokenizer.Signals.For(SignalModality.Video));
        Assert.Equal(Enumerable.Range(32030, 8), tokenizer.Signals.For(SignalModality.Audio));
        foreach (var c in Expected.Cases)
        {
            var ids = c.Ids.Select(id => id >= Expected.BaseVocabularySize ? id - Expected.BaseVocabularySize + 32000 : id);
            Assert.Equal(ids, tokenizer.Encode(c.Text, addBos: false));
        }
    }

    [Fact]
    public void Folder_AddsItsTokenFiles()
    {
        using var folder = new TemporaryFolder();
        File.Copy(SentencePieceFixture.ModelPath, folder.PathOf("tokenizer.model"));
        var added = string.Join(",", SignalTokens.AddedTokenTexts.Select((t, i) => $"\"{t}\": {800 + i}"));
        File.WriteAllText(folder.PathOf("added_tokens.json"), $"{{{added}, \"<extra>\": 838}}");
        File.WriteAllText(folder.PathOf("special_tokens_map.json"),
            """{"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<unk>"}""");
        File.WriteAllText(folder.PathOf("tokenizer_config.json"), """{"add_bos_token": true, "add_eos_token": true, "bos_token": ""}""");

        var tokenizer = LlamaSentencePieceTokenizer.LoadFolder(folder.Path);

        Assert.Equal(839, tokenizer.VocabularySize);
        Assert.Equal(0, tokenizer.SpecialIds.Pad);
        Assert.Equal(838, tokenizer.TokenId("<extra>"));
        var ids = tokenizer.Encode("[IMG0] <extra> x");
        Assert.Equal([1, 802, 838], ids.Take(3));
        Assert.Equal(2, ids[^1]);
    }

    [Fact]
    public void AddedTokensFile_WithOtherIdsForNextGptsTokens_IsRefused()
    {
        using var folder = new TemporaryFolder();
        File.Copy(SentencePieceFixture.ModelPath, folder.PathOf("tokenizer.model"));
        File.WriteAllText(folder.PathOf("added_tokens.json"), """{"[IMG0]": 800}""");

        var error = Assert.Throws<InvalidDataException>(() => LlamaSentencePieceTokenizer.LoadFolder(folder.Path));
        Assert.Contains("[IMG0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("802", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModel_GivesAClearError()
    {
        using var folder = new TemporaryFolder();

        var error = Assert.Throws<FileNotFoundException>(() => LlamaSentencePieceTokenizer.LoadFolder(folder.Path));
        Assert.Contains("tokenizer.model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!doctype html><html><head><title>Sign in</title></head></html>")]
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:9e556afd\nsize 499723\n")]
    [InlineData("")]
    public void CorruptModel_GivesAClearError(string content)
    {
        using var folder = new TemporaryFolder();
        File.WriteAllBytes(folder.PathOf("tokenizer.model"), Encoding.UTF8.GetBytes(content));

        var error = Assert.Throws<InvalidDataException>(() => LlamaSentencePieceTokenizer.LoadFolder(folder.Path));
        Assert.Contains("tokenizer.model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptJson_GivesAClearError()
    {
        using var folder = new TemporaryFolder();
        File.Copy(SentencePieceFixture.ModelPath, folder.PathOf("tokenizer.model"));
        File.WriteAllText(folder.PathOf("special_tokens_map.json"), "{\"bos_token\": ");

        var error = Assert.Throws<InvalidDataException>(() => LlamaSentencePieceTokenizer.LoadFolder(folder.Path));
        Assert.Contains("special_tokens_map.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdsOutsideTheVocabulary_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([Tokenizer.VocabularySize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.TokenPiece(-1));
    }
}
