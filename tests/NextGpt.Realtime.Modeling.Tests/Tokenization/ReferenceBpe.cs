using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

/// <summary>
/// GPT-2's BPE encode restated for the tests (openai/gpt-2 encoder.py <c>Encoder.bpe</c>): per pre-tokenized word, merge
/// every occurrence of the adjacent pair with the lowest rank until no pair has a rank. Independent of Microsoft.ML.Tokenizers.
/// </summary>
internal static class ReferenceBpe
{
    public static List<int> Encode(ByteLevelBpeVocabulary vocabulary, string text)
    {
        var ranks = vocabulary.Merges.Select((m, rank) => (m, rank)).ToDictionary(p => p.m, p => p.rank);
        var ids = vocabulary.Tokens.Select((t, id) => (t, id)).ToDictionary(p => p.t, p => p.id, StringComparer.Ordinal);
        var result = new List<int>();
        foreach (var match in ByteLevelPreTokenizer.Regex().EnumerateMatches(text))
        {
            var word = ByteLevelAlphabet.Encode(text.Substring(match.Index, match.Length)).Select(c => c.ToString()).ToList();
            while (word.Count > 1)
            {
                var best = Enumerable.Range(0, word.Count - 1)
                    .Select(i => (Pair: (word[i], word[i + 1]), Rank: ranks.GetValueOrDefault((word[i], word[i + 1]), int.MaxValue)))
                    .MinBy(p => p.Rank);
                if (best.Rank == int.MaxValue)
                {
                    break;
                }

                var merged = new List<string>();
                for (var i = 0; i < word.Count; i++)
                {
                    if (i + 1 < word.Count && (word[i], word[i + 1]) == best.Pair)
                    {
                        merged.Add(word[i] + word[i + 1]);
                        i++;
                    }
                    else
                    {
                        merged.Add(word[i]);
                    }
                }

                word = merged;
            }

            result.AddRange(word.Select(piece => ids[piece]));
        }

        return result;
    }
}
