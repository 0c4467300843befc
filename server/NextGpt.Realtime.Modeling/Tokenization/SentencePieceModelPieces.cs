using Google.Protobuf;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>The kind of a SentencePiece piece (sentencepiece_model.proto <c>SentencePiece.Type</c>).</summary>
internal enum SentencePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

/// <summary>
/// The pieces of a serialized sentencepiece ModelProto (field 1, repeated SentencePiece { piece = 1, score = 2, type = 3 }),
/// read with Google.Protobuf's wire reader: the scores and types that the BPE merge order and the decode need and that
/// Microsoft.ML.Tokenizers keeps internal.
/// </summary>
internal sealed record SentencePieceModelPieces(string[] Pieces, float[] Scores, SentencePieceType[] Types)
{
    public static SentencePieceModelPieces Parse(byte[] model, string source)
    {
        var pieces = new List<string>();
        var scores = new List<float>();
        var types = new List<SentencePieceType>();
        try
        {
            var input = new CodedInputStream(model);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) != 1 || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
                {
                    input.SkipLastField();
                    continue;
                }

                var (piece, score, type) = ParsePiece(input.ReadBytes().ToByteArray());
                pieces.Add(piece);
                scores.Add(score);
                types.Add(type);
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{source}' is not a SentencePiece model: {e.Message}", e);
        }

        return new SentencePieceModelPieces([.. pieces], [.. scores], [.. types]);
    }

    private static (string Piece, float Score, SentencePieceType Type) ParsePiece(byte[] message)
    {
        var input = new CodedInputStream(message);
        var piece = "";
        var score = 0f;
        var type = SentencePieceType.Normal;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    piece = input.ReadString();
                    break;
                case 2:
                    score = input.ReadFloat();
                    break;
                case 3:
                    type = (SentencePieceType)input.ReadEnum();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (piece, score, type);
    }
}
