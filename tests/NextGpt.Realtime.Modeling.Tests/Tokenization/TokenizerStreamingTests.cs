using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

/// <summary>
/// Streams real tokenizer output through <see cref="IncrementalDetokenizer"/> one id at a time: every piece of text shown
/// must be complete (no U+FFFD, no byte-piece names, no half surrogate pair) and the pieces must add up to the whole decode.
/// </summary>
public sealed class TokenizerStreamingTests
{
    public static TheoryData<string> Texts() =>
    [
        "smile 😀 and heart ❤️ and thumbs 👍🏽",
        "café crème brûlée, naïve Zoë über straße",
        "你好，世界 and 日本語のテキスト",
        "€5 and ¥300 and £2\nnext line",
        "a caption[IMG0] [IMG1] [IMG2] [IMG3] and 😀",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void SentencePiece_StreamsCompleteCharactersOnly(string text) =>
        AssertStreamsCleanly(LlamaSentencePieceTokenizer.Load(SentencePieceFixture.ModelPath), text);

    internal static void AssertStreamsCleanly(ITextTokenizer tokenizer, string text)
    {
        var ids = tokenizer.Encode(text, addBos: true, addEos: true);
        var detokenizer = new IncrementalDetokenizer(tokenizer);

        var pieces = ids.Select(detokenizer.Push).ToList();
        var streamed = string.Concat(pieces) + detokenizer.Flush();

        Assert.Equal(tokenizer.Decode(ids), streamed);
        Assert.All(pieces, piece => Assert.DoesNotContain('\uFFFD', piece));
        Assert.All(pieces, piece => Assert.DoesNotContain("<0x", piece, StringComparison.Ordinal));
        Assert.All(pieces, piece => Assert.False(piece.Length > 0 && char.IsHighSurrogate(piece[^1]), $"'{piece}' ends inside a surrogate pair"));
    }
}
