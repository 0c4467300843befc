using System.Text;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// SentencePiece's BPE encode of a normalized text (bpe_model.cc <c>Model::Encode</c>, sentencepiece 0.1.97): start from
/// single characters (user-defined pieces as whole, frozen symbols), repeatedly merge the adjacent pair whose joined string
/// is the highest-scoring piece, the leftmost pair on equal scores, and write characters no piece covers as their UTF-8
/// byte pieces (byte fallback) or as the unknown id.
/// </summary>
/// <remarks>
/// Restated here because Microsoft.ML.Tokenizers 2.0.1 orders equal-score merges differently: with LLaMA's model it encodes
/// "\n###" as "#", "##" where sentencepiece (and so NExT-GPT) gives "##", "#" (29937, 2277 instead of 2277, 29937), and a
/// run of 40 "x" differently too (tools/reference/check_llama_tokenizer.py). The library still reads the model and
/// normalizes the text.
/// </remarks>
internal sealed class SentencePieceBpeEncoder
{
    private readonly SentencePieceModelPieces _model;
    private readonly Dictionary<string, int> _mergeable = new(StringComparer.Ordinal);
    private readonly string[] _userDefined;
    private readonly int[] _byteIds;
    private readonly int _unknownId;
    private readonly bool _byteFallback;

    public SentencePieceBpeEncoder(SentencePieceModelPieces model, int unknownId, bool byteFallback)
    {
        _model = model;
        _unknownId = unknownId;
        _byteFallback = byteFallback;
        _byteIds = Enumerable.Repeat(-1, 256).ToArray();
        for (var id = 0; id < model.Pieces.Length; id++)
        {
            switch (model.Types[id])
            {
                // ModelInterface::InitializePieces: these are the pieces a merge may produce.
                case SentencePieceType.Normal or SentencePieceType.UserDefined or SentencePieceType.Unused:
                    _mergeable.TryAdd(model.Pieces[id], id);
                    break;
                case SentencePieceType.Byte:
                    _byteIds[Convert.ToByte(model.Pieces[id][3..5], 16)] = id;
                    break;
            }
        }

        _userDefined = [.. Enumerable.Range(0, model.Pieces.Length).Where(id => model.Types[id] == SentencePieceType.UserDefined)
            .Select(id => model.Pieces[id]).OrderByDescending(p => p.Length)];
        if (_byteFallback && _byteIds.Contains(-1))
        {
            throw new InvalidDataException("The SentencePiece model uses byte fallback but lacks some of the 256 byte pieces.");
        }
    }

    public void Encode(string normalized, List<int> output)
    {
        var symbols = Split(normalized);
        // Highest score first; of equal scores the leftmost pair (bpe_model.h SymbolPairComparator).
        var agenda = new PriorityQueue<(int Left, int Right, int Length), (float Score, int Left)>(
            Comparer<(float Score, int Left)>.Create((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Left.CompareTo(b.Left)));
        var reverseMerges = new Dictionary<string, (string Left, string Right)>(StringComparer.Ordinal);

        void MaybeAddPair(int left, int right)
        {
            if (left < 0 || right < 0 || symbols[left].Frozen || symbols[right].Frozen)
            {
                return;
            }

            var length = symbols[left].Length + symbols[right].Length;
            var piece = normalized.Substring(symbols[left].Start, length);
            if (!_mergeable.TryGetValue(piece, out var id))
            {
                return;
            }

            agenda.Enqueue((left, right, length), (_model.Scores[id], left));
            if (_model.Types[id] == SentencePieceType.Unused)
            {
                reverseMerges[piece] = (Text(symbols[left]), Text(symbols[right]));
            }
        }

        string Text(Symbol s) => normalized.Substring(s.Start, s.Length);

        for (var i = 1; i < symbols.Length; i++)
        {
            MaybeAddPair(i - 1, i);
        }

        while (agenda.TryDequeue(out var top, out _))
        {
            // Stale: one side was merged away or has grown since the pair was queued.
            if (symbols[top.Left].Length == 0 || symbols[top.Right].Length == 0
                || symbols[top.Left].Length + symbols[top.Right].Length != top.Length)
            {
                continue;
            }

            symbols[top.Left].Length = top.Length;
            symbols[top.Left].Next = symbols[top.Right].Next;
            if (symbols[top.Right].Next >= 0)
            {
                symbols[symbols[top.Right].Next].Prev = top.Left;
            }

            symbols[top.Right].Length = 0;
            MaybeAddPair(symbols[top.Left].Prev, top.Left);
            MaybeAddPair(top.Left, symbols[top.Left].Next);
        }

        for (var index = symbols.Length == 0 ? -1 : 0; index >= 0; index = symbols[index].Next)
        {
            Resegment(Text(symbols[index]), reverseMerges, output);
        }
    }

    /// <summary>Unused pieces are split back into the pieces they were merged from; unknown text becomes bytes or unk.</summary>
    private void Resegment(string piece, Dictionary<string, (string Left, string Right)> reverseMerges, List<int> output)
    {
        if (_mergeable.TryGetValue(piece, out var id))
        {
            if (_model.Types[id] == SentencePieceType.Unused && reverseMerges.TryGetValue(piece, out var parts))
            {
                Resegment(parts.Left, reverseMerges, output);
                Resegment(parts.Right, reverseMerges, output);
                return;
            }

            output.Add(id);
            return;
        }

        if (!_byteFallback)
        {
            output.Add(_unknownId);
            return;
        }

        foreach (var b in Encoding.UTF8.GetBytes(piece))
        {
            output.Add(_byteIds[b]);
        }
    }

    /// <summary>One symbol per Unicode character, or per user-defined piece found at that position.</summary>
    private Symbol[] Split(string text)
    {
        var symbols = new List<Symbol>();
        for (var start = 0; start < text.Length;)
        {
            var length = char.IsHighSurrogate(text[start]) && start + 1 < text.Length && char.IsLowSurrogate(text[start + 1]) ? 2 : 1;
            var frozen = false;
            foreach (var piece in _userDefined)
            {
                if (string.CompareOrdinal(text, start, piece, 0, piece.Length) == 0)
                {
                    length = piece.Length;
                    frozen = true;
                    break;
                }
            }

            symbols.Add(new Symbol { Start = start, Length = length, Prev = symbols.Count - 1, Next = start + length < text.Length ? symbols.Count + 1 : -1, Frozen = frozen });
            start += length;
        }

        return [.. symbols];
    }

    private struct Symbol
    {
        public int Start;
        public int Length;
        public int Prev;
        public int Next;
        public bool Frozen;
    }
}
