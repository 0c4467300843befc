using System.Globalization;
using System.Text;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// SentencePiece's decode of a run of pieces (sentencepiece_processor.cc <c>SentencePieceProcessor::Decode</c>, 0.1.97):
/// control pieces are invisible, the unknown piece reads <c>" ⁇ "</c>, <c>▁</c> is a space, and the dummy-prefix space of
/// the first piece is dropped. Consecutive byte-fallback pieces (<c>&lt;0xE2&gt;</c>) are joined and read as UTF-8; a byte
/// that does not start a complete, valid character becomes one U+FFFD, so a character cut off at the end of the run shows
/// as U+FFFD (one per byte), never as piece names.
/// </summary>
internal sealed class SentencePieceDecoder
{
    private const char SpaceSymbol = '\u2581';
    private const string UnknownSurface = " \u2047 ";

    private readonly string[] _pieces;
    private readonly int[] _byteValues;
    private readonly HashSet<int> _unknownIds;
    private readonly HashSet<int> _controlIds;

    public SentencePieceDecoder(SentencePieceModelPieces model)
    {
        _pieces = model.Pieces;
        _byteValues = [.. model.Pieces.Select((piece, id) => model.Types[id] == SentencePieceType.Byte ? ByteValueOf(piece) : -1)];
        _controlIds = [.. Enumerable.Range(0, model.Pieces.Length).Where(id => model.Types[id] == SentencePieceType.Control)];
        _unknownIds = [.. Enumerable.Range(0, model.Pieces.Length).Where(id => model.Types[id] == SentencePieceType.Unknown)];
    }

    public int Count => _pieces.Length;

    public string PieceOf(int id) => _pieces[id];

    /// <summary>Decodes ids of this vocabulary (all in 0..<see cref="Count"/>-1).</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        var isBosWhitespace = true;
        var bosWhitespaceSeen = false;
        foreach (var id in ids)
        {
            if (_byteValues[id] >= 0)
            {
                bytes.Add((byte)_byteValues[id]);
                continue;
            }

            FlushBytes(bytes, text);
            // Only the first visible piece loses its leading space (the newer sentencepiece releases track whether that
            // space was consumed, so "▁" then "▁hello" reads " hello").
            if (bosWhitespaceSeen || text.Length > 0)
            {
                isBosWhitespace = false;
            }

            bosWhitespaceSeen = false;
            if (_controlIds.Contains(id))
            {
                continue;
            }

            if (_unknownIds.Contains(id))
            {
                text.Append(UnknownSurface);
                continue;
            }

            var piece = _pieces[id];
            if (isBosWhitespace && piece.Length > 0 && piece[0] == SpaceSymbol)
            {
                piece = piece[1..];
                bosWhitespaceSeen = true;
            }

            text.Append(piece.Replace(SpaceSymbol, ' '));
        }

        FlushBytes(bytes, text);
        return text.ToString();
    }

    /// <summary>The byte of a byte-fallback piece <c>&lt;0xNN&gt;</c>, or -1.</summary>
    private static int ByteValueOf(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
        && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : -1;

    /// <summary>string_util::DecodeUTF8 applied along the bytes: a valid character or one U+FFFD per rejected byte.</summary>
    private static void FlushBytes(List<byte> bytes, StringBuilder text)
    {
        var offset = 0;
        while (offset < bytes.Count)
        {
            var length = ValidCharacterLength(bytes, offset, out var codePoint);
            // DecodeUTF8 reports errors as U+FFFD itself, so an encoded U+FFFD is also taken one byte at a time.
            if (length == 0 || codePoint == 0xFFFD)
            {
                text.Append('\uFFFD');
                offset++;
                continue;
            }

            text.Append(char.ConvertFromUtf32(codePoint));
            offset += length;
        }

        bytes.Clear();
    }

    private static int ValidCharacterLength(List<byte> bytes, int offset, out int codePoint)
    {
        codePoint = 0;
        var left = bytes.Count - offset;
        int lead = bytes[offset];
        if (lead < 0x80)
        {
            codePoint = lead;
            return 1;
        }

        var (length, minimum, bits) = lead switch
        {
            _ when (lead & 0xE0) == 0xC0 => (2, 0x80, lead & 0x1F),
            _ when (lead & 0xF0) == 0xE0 => (3, 0x800, lead & 0x0F),
            _ when (lead & 0xF8) == 0xF0 => (4, 0x10000, lead & 0x07),
            _ => (0, 0, 0),
        };
        if (length == 0 || left < length)
        {
            return 0;
        }

        var value = bits;
        for (var k = 1; k < length; k++)
        {
            int trail = bytes[offset + k];
            if ((trail & 0xC0) != 0x80)
            {
                return 0;
            }

            value = (value << 6) | (trail & 0x3F);
        }

        var valid = value >= minimum && (value < 0xD800 || (value >= 0xE000 && value <= 0x10FFFF));
        codePoint = value;
        return valid ? length : 0;
    }
}
