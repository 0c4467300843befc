using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

public sealed class TextTokenizerLoaderTests
{
    [Fact]
    public void SentencePieceFolder_GivesTheLlamaTokenizer()
    {
        using var folder = new TemporaryFolder();
        File.Copy(SentencePieceFixture.ModelPath, folder.PathOf("tokenizer.model"));

        var tokenizer = TextTokenizerLoader.Load(folder.Path);

        Assert.IsType<LlamaSentencePieceTokenizer>(tokenizer);
        Assert.Equal(SentencePieceFixture.Expected.Cases[0].Ids, tokenizer.Encode(SentencePieceFixture.Expected.Cases[0].Text, addBos: false));
    }

    [Fact]
    public void FolderWithoutTokenizer_GivesAClearError()
    {
        using var folder = new TemporaryFolder();

        var error = Assert.Throws<FileNotFoundException>(() => TextTokenizerLoader.Load(folder.Path));
        Assert.Contains("tokenizer.model", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => TextTokenizerLoader.Load(folder.PathOf("absent")));
    }

    [Fact]
    public void TokenizerJsonAlone_IsNamedAsUnsupported()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.PathOf("tokenizer.json"), "{}");

        Assert.Throws<NotSupportedException>(() => TextTokenizerLoader.Load(folder.Path));
    }
}
