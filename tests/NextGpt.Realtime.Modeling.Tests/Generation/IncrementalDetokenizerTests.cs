using NextGpt.Realtime.Modeling.Generation;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

public sealed class IncrementalDetokenizerTests
{
    // "€" is E2 82 AC in UTF-8; "😀" is F0 9F 98 80 (a surrogate pair in .NET strings).
    private static readonly PieceDecoder Decoder = new(new Dictionary<int, string>
    {
        [1] = "▁Price", [2] = ":", [3] = "▁", [4] = "<0xE2>", [5] = "<0x82>", [6] = "<0xAC>", [7] = "5", [8] = "▁smile",
        [9] = "<0xF0>", [10] = "<0x9F>", [11] = "<0x98>", [12] = "<0x80>", [13] = "▁ok",
    });

    private static readonly int[] Reply = [1, 2, 3, 4, 5, 6, 7, 8, 3, 9, 10, 11, 12, 13];

    [Fact]
    public void Pieces_ReassembleTheWholeDecodeExactly_AndNeverShowPartialCharacters()
    {
        var detokenizer = new IncrementalDetokenizer(Decoder);

        var pieces = Reply.Select(detokenizer.Push).ToList();
        var text = string.Concat(pieces) + detokenizer.Flush();

        Assert.Equal(Decoder.Decode(Reply), text);
        Assert.Equal("Price: €5 smile 😀 ok", text);
        Assert.All(pieces, piece => Assert.DoesNotContain('\uFFFD', piece));
        Assert.All(pieces, piece => Assert.DoesNotContain("<0x", piece, StringComparison.Ordinal));
        Assert.All(pieces, piece => Assert.False(piece.Length > 0 && char.IsHighSurrogate(piece[^1]), $"'{piece}' ends inside a surrogate pair"));
    }

    [Fact]
    public void AMultiByteCharacter_AppearsWithItsLastByte()
    {
        var detokenizer = new IncrementalDetokenizer(Decoder);
        Assert.Equal("Price", detokenizer.Push(1));
        Assert.Equal(" ", detokenizer.Push(3) + detokenizer.Push(4) + detokenizer.Push(5));

        Assert.Equal("€", detokenizer.Push(6));
    }

    [Fact]
    public void LeadingSpaces_AreKeptBetweenWords()
    {
        var detokenizer = new IncrementalDetokenizer(Decoder);

        Assert.Equal("Price", detokenizer.Push(1));
        Assert.Equal(" smile", detokenizer.Push(8));
        Assert.Equal(" ok", detokenizer.Push(13));
    }

    [Fact]
    public void Flush_DropsACharacterCutOffByTheTokenLimit()
    {
        var detokenizer = new IncrementalDetokenizer(Decoder);
        detokenizer.Push(1);
        detokenizer.Push(4);
        detokenizer.Push(5);

        Assert.Equal("", detokenizer.Flush());
    }
}
