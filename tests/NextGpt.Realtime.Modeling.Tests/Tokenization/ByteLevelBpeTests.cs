using System.Text;
using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

public sealed class ByteLevelBpeTests
{
    private const int Size = 420;
    private static readonly ByteLevelBpeVocabulary Trained = ByteLevelBpeTrainer.Train(BpeCorpus.Lines, Size);
    private static readonly ByteLevelBpeTokenizer Tokenizer = ByteLevelBpeTokenizer.FromVocabulary(Trained);

    [Fact]
    public void Trainer_MergesTheMostFrequentPair_TiesByString_AndStopsBelowTheMinimumFrequency()
    {
        // "aaabdaaabac": a a (4) first; then (a,b) and (aa,a) both occur twice and "a" sorts before "aa"; then (aa,ab) twice;
        // every pair left occurs once.
        var vocabulary = ByteLevelBpeTrainer.Train(["aaabdaaabac"], ByteLevelBpeVocabulary.MinimumSize + 10);

        Assert.Equal([("a", "a"), ("a", "b"), ("aa", "ab")], vocabulary.Merges);
        Assert.Equal(ByteLevelBpeVocabulary.MinimumSize + 3, vocabulary.Tokens.Count);
        Assert.Equal("aaab", vocabulary.Tokens[^1]);
    }

    [Fact]
    public void Trainer_ReachesTheRequestedSize_AndIsDeterministic()
    {
        var again = ByteLevelBpeTrainer.Train(BpeCorpus.Lines, Size);

        Assert.Equal(Size, Trained.Tokens.Count);
        Assert.Equal(Trained.Tokens, again.Tokens);
        Assert.Equal(Trained.Merges, again.Merges);
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();
        Trained.Save(first.Path);
        again.Save(second.Path);
        foreach (var file in new[] { "vocab.json", "merges.txt", "special_tokens_map.json", "tokenizer_config.json" })
        {
            Assert.Equal(File.ReadAllBytes(first.PathOf(file)), File.ReadAllBytes(second.PathOf(file)));
        }
    }

    [Fact]
    public void SpecialTokens_HaveFixedIds_AndAreSingleIds()
    {
        Assert.Equal(new SpecialTokenIds(Bos: 1, Eos: 2, Unknown: 0, Pad: 3), Tokenizer.SpecialIds);
        Assert.Equal(4, Tokenizer.Signals.ImageStart);
        Assert.Equal(5, Tokenizer.Signals.ImageEnd);
        Assert.Equal(Enumerable.Range(6, 4), Tokenizer.Signals.Image);
        Assert.Equal(Enumerable.Range(10, 24), Tokenizer.Signals.Video);
        Assert.Equal(Enumerable.Range(34, 8), Tokenizer.Signals.Audio);

        var ids = Tokenizer.Encode("<Img></Img> caption[IMG0] [IMG1] [IMG2] [IMG3] then [VID23][AUD7]</s>", addBos: true);

        Assert.Equal([1, 4, 5], ids.Take(3));
        var image = ids.ToList().IndexOf(6);
        Assert.Equal([6, 7, 8, 9], ids.Skip(image).Take(4));
        Assert.Contains(33, ids);
        Assert.Equal([41, 2], ids.TakeLast(2));
        Assert.All(SignalTokens.AddedTokenTexts, text => Assert.Single(Tokenizer.Encode(text, addBos: false)));
    }

    [Theory]
    [InlineData("a cat sleeps on the sofa")]
    [InlineData("  two  spaces\n\nand\ttabs  ")]
    [InlineData("smile 😀 and thumbs 👍🏽, café crème, 你好，世界, €5")]
    [InlineData("unseen words: quixotic zephyr 12345")]
    public void TextWithoutAddedTokens_RoundTrips(string text)
    {
        var ids = Tokenizer.Encode(text, addBos: true, addEos: true);

        Assert.Equal(text, Tokenizer.Decode(ids));
        Assert.Equal("<s>" + text + "</s>", Tokenizer.Decode(ids, skipSpecialTokens: false));
        Assert.DoesNotContain(Tokenizer.SpecialIds.Unknown, ids);
    }

    [Theory]
    [InlineData("### Assistant: the dog plays near the river, photo 17.")]
    [InlineData("a small boat waits at the station")]
    [InlineData("Größe und Übung 😀")]
    public void Encode_AppliesTheMergesByRank_AsGpt2sBpeDoes(string text)
    {
        var expected = ReferenceBpe.Encode(Trained, text);

        Assert.Equal(expected, Tokenizer.Encode(text, addBos: false));
        Assert.True(expected.Count < Encoding.UTF8.GetByteCount(text), "the merges should shorten corpus-like text");
    }

    [Fact]
    public void SavedFolder_LoadsBackThroughTheLoader_WithTheSameIds()
    {
        using var folder = new TemporaryFolder();
        Trained.Save(folder.Path);

        var loaded = TextTokenizerLoader.Load(folder.Path);

        Assert.IsType<ByteLevelBpeTokenizer>(loaded);
        Assert.Equal(Size, loaded.VocabularySize);
        foreach (var line in BpeCorpus.Lines.Take(10))
        {
            Assert.Equal(Tokenizer.Encode(line, addBos: true), loaded.Encode(line, addBos: true));
        }

        Assert.Equal("Ġthe", loaded.TokenPiece(loaded.TokenId("Ġthe")!.Value));
    }

    [Fact]
    public void AddPrefixSpace_SpellsAWordAtTheStartAsAfterASpace_AndTravelsWithTheFolder()
    {
        using var folder = new TemporaryFolder();
        Trained.Save(folder.Path, addPrefixSpace: true);
        var loaded = Assert.IsType<ByteLevelBpeTokenizer>(TextTokenizerLoader.Load(folder.Path));

        Assert.True(loaded.AddPrefixSpace);
        Assert.False(Tokenizer.AddPrefixSpace);
        Assert.Equal(Tokenizer.Encode(" the image", addBos: true), loaded.Encode("the image", addBos: true));
        Assert.Equal(Tokenizer.Encode(" the image"), loaded.Encode(" the image"));                       // already spaced
        Assert.NotEqual(Tokenizer.Encode("the image"), loaded.Encode("the image"));
        var word = loaded.Encode("the image", addBos: false);
        Assert.Equal(loaded.Encode("see the image", addBos: false).TakeLast(word.Count), word);         // the same tokens as mid-text
    }

    [Theory]
    [InlineData("smile 😀 and thumbs 👍🏽")]
    [InlineData("café crème brûlée 你好")]
    public void Streaming_ShowsCompleteCharactersOnly(string text) => TokenizerStreamingTests.AssertStreamsCleanly(Tokenizer, text);

    [Fact]
    public void TooSmallAVocabulary_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelBpeTrainer.Train(["x"], 100));
        Assert.Contains("298", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrBrokenFiles_GiveClearErrors()
    {
        using var folder = new TemporaryFolder();
        Trained.Save(folder.Path);
        var merges = File.ReadAllText(folder.PathOf("merges.txt"));

        File.WriteAllText(folder.PathOf("merges.txt"), merges + "onlyonetoken\n");
        Assert.Contains("merges.txt", Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.LoadFolder(folder.Path)).Message,
            StringComparison.Ordinal);

        File.Delete(folder.PathOf("merges.txt"));
        Assert.Throws<FileNotFoundException>(() => ByteLevelBpeTokenizer.LoadFolder(folder.Path));

        File.WriteAllText(folder.PathOf("merges.txt"), merges);
        File.WriteAllText(folder.PathOf("vocab.json"), "[1, 2");
        Assert.Contains("vocab.json", Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.LoadFolder(folder.Path)).Message,
            StringComparison.Ordinal);

        File.WriteAllText(folder.PathOf("vocab.json"), """{"<unk>": 0, "<s>": 1, "</s>": 2, "<pad>": 3}""");
        File.WriteAllText(folder.PathOf("merges.txt"), "#version: 0.2\n");
        Assert.Contains("<Img>", Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.LoadFolder(folder.Path)).Message,
            StringComparison.Ordinal);
    }
}
