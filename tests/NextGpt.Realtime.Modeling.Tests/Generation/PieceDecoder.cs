using System.Globalization;
using System.Text;
using NextGpt.Realtime.Modeling.Generation;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

/// <summary>
/// A stand-in for a SentencePiece LLaMA tokenizer's decoder: pieces with "▁" for spaces and byte-fallback pieces
/// <c>&lt;0xNN&gt;</c>; bytes are read as UTF-8 with U+FFFD for incomplete characters, and the leading space of the text is
/// dropped (SentencePiece's dummy prefix), as transformers' LlamaTokenizer.decode does.
/// </summary>
internal sealed class PieceDecoder(IReadOnlyDictionary<int, string> pieces) : ITokenDecoder
{
    public string Decode(IReadOnlyList<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            var piece = pieces[id];
            if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece.EndsWith('>'))
            {
                bytes.Add(byte.Parse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(piece.Replace('▁', ' ')));
            }
        }

        var text = Encoding.UTF8.GetString([.. bytes]);
        return text.StartsWith(' ') ? text[1..] : text;
    }
}
