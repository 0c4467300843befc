using System.Text;

namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

/// <summary>
/// Grows a serialized SentencePiece ModelProto to a given number of pieces by appending pieces (field 1, repeated; a
/// protobuf parser joins repeated fields wherever they appear), so that the added-token ids can be checked at LLaMA's
/// vocabulary size without LLaMA's model file. The filler pieces are private-use strings that no test text contains.
/// </summary>
internal static class SentencePieceModelBytes
{
    public static byte[] PaddedTo(byte[] model, int pieceCount)
    {
        using var stream = new MemoryStream();
        stream.Write(model);
        var existing = CountPieces(model);
        for (var id = existing; id < pieceCount; id++)
        {
            var piece = Encoding.UTF8.GetBytes($"\uE000{id}\uE001");
            var inner = new MemoryStream();
            inner.WriteByte(0x0A); // piece: field 1, length-delimited
            WriteVarint(inner, (ulong)piece.Length);
            inner.Write(piece);
            inner.WriteByte(0x15); // score: field 2, fixed32 float
            inner.Write(BitConverter.GetBytes(-1e6f));
            stream.WriteByte(0x0A); // ModelProto.pieces: field 1, length-delimited
            WriteVarint(stream, (ulong)inner.Length);
            stream.Write(inner.ToArray());
        }

        return stream.ToArray();
    }

    private static int CountPieces(byte[] model)
    {
        var count = 0;
        var offset = 0;
        while (offset < model.Length)
        {
            var key = ReadVarint(model, ref offset);
            switch (key & 7)
            {
                case 0:
                    ReadVarint(model, ref offset);
                    break;
                case 1:
                    offset += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(model, ref offset);
                    offset += length;
                    break;
                case 5:
                    offset += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected wire type {key & 7}.");
            }

            if (key >> 3 == 1)
            {
                count++;
            }
        }

        return count;
    }

    private static ulong ReadVarint(byte[] data, ref int offset)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
