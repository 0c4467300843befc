namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// Learns a byte-level BPE from a text corpus (Sennrich et al. 2016, "Neural Machine Translation of Rare Words with Subword
/// Units"; byte-level as in GPT-2): the texts are split on the special tokens (which are never merged), pre-tokenized with
/// GPT-2's pattern, written as bytes, and the most frequent adjacent pair is merged until the vocabulary has the requested
/// size or no pair occurs <c>minPairFrequency</c> times.
/// </summary>
/// <remarks>
/// Deterministic: of pairs with equal counts the one whose (left, right) strings sort first (ordinal) is merged, so the same
/// corpus and size always give the same files. Pair counts are updated incrementally, only in the words that contain the
/// merged pair.
/// </remarks>
public static class ByteLevelBpeTrainer
{
    public static ByteLevelBpeVocabulary Train(IEnumerable<string> corpus, int vocabularySize, int minPairFrequency = 2)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (vocabularySize < ByteLevelBpeVocabulary.MinimumSize)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize,
                $"A byte-level BPE needs at least {ByteLevelBpeVocabulary.MinimumSize} ids: " +
                $"{ByteLevelBpeVocabulary.SpecialTokens.Count} special tokens and 256 bytes.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minPairFrequency, 1);

        // Symbols 0..255 are the bytes; merged symbols get the next numbers.
        var symbols = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.CharOf((byte)b).ToString()).ToList();
        var (words, counts) = CountWords(corpus);
        var pairs = new Dictionary<(int Left, int Right), long>();
        var wordsWithPair = new Dictionary<(int Left, int Right), HashSet<int>>();
        for (var w = 0; w < words.Count; w++)
        {
            AddPairs(words[w], counts[w], w, pairs, wordsWithPair);
        }

        var merges = new List<(string Left, string Right)>();
        var target = vocabularySize - ByteLevelBpeVocabulary.SpecialTokens.Count;
        while (symbols.Count < target)
        {
            var best = BestPair(pairs, symbols);
            if (best is not { } pair || pairs[pair] < minPairFrequency)
            {
                break;
            }

            var merged = symbols.Count;
            symbols.Add(symbols[pair.Left] + symbols[pair.Right]);
            merges.Add((symbols[pair.Left], symbols[pair.Right]));
            foreach (var w in wordsWithPair[pair].Order().ToList())
            {
                var before = words[w];
                var after = Merge(before, pair, merged);
                if (after.Length == before.Length)
                {
                    continue;
                }

                RemovePairs(before, counts[w], pairs);
                words[w] = after;
                AddPairs(after, counts[w], w, pairs, wordsWithPair);
            }

            pairs.Remove(pair);
            wordsWithPair.Remove(pair);
        }

        var tokens = ByteLevelBpeVocabulary.SpecialTokens.Concat(symbols).ToList();
        var duplicate = tokens.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"The trained vocabulary holds '{duplicate.Key}' twice.");
        }

        return new ByteLevelBpeVocabulary(tokens, merges);
    }

    /// <summary>Distinct pre-tokenized words of the corpus as byte symbols, with how often each occurs.</summary>
    private static (List<int[]> Words, List<long> Counts) CountWords(IEnumerable<string> corpus)
    {
        var splitter = new AddedTokenSplitter(ByteLevelBpeVocabulary.SpecialTokens.Select((t, id) =>
            new AddedToken(t, id, StripsWhitespace: id >= 4, IsControl: id < 4)));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<int[]>();
        var counts = new List<long>();
        foreach (var text in corpus)
        {
            foreach (var segment in splitter.Split(text ?? throw new ArgumentException("The corpus holds a null text.", nameof(corpus))))
            {
                if (segment.IsToken)
                {
                    continue;
                }

                foreach (var match in ByteLevelPreTokenizer.Regex().EnumerateMatches(segment.Text))
                {
                    var word = segment.Text!.Substring(match.Index, match.Length);
                    if (index.TryGetValue(word, out var w))
                    {
                        counts[w]++;
                        continue;
                    }

                    index[word] = words.Count;
                    words.Add([.. System.Text.Encoding.UTF8.GetBytes(word).Select(b => (int)b)]);
                    counts.Add(1);
                }
            }
        }

        return (words, counts);
    }

    private static (int Left, int Right)? BestPair(Dictionary<(int Left, int Right), long> pairs, List<string> symbols)
    {
        (int Left, int Right)? best = null;
        long bestCount = 0;
        foreach (var (pair, count) in pairs)
        {
            if (count > bestCount || (count == bestCount && best is { } b && SortsBefore(pair, b, symbols)))
            {
                best = pair;
                bestCount = count;
            }
        }

        return best;
    }

    private static bool SortsBefore((int Left, int Right) a, (int Left, int Right) b, List<string> symbols)
    {
        var left = string.CompareOrdinal(symbols[a.Left], symbols[b.Left]);
        return left != 0 ? left < 0 : string.CompareOrdinal(symbols[a.Right], symbols[b.Right]) < 0;
    }

    /// <summary>Replaces each occurrence of the pair, left to right without overlap, by the merged symbol.</summary>
    private static int[] Merge(int[] word, (int Left, int Right) pair, int merged)
    {
        var result = new List<int>(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            if (i + 1 < word.Length && word[i] == pair.Left && word[i + 1] == pair.Right)
            {
                result.Add(merged);
                i++;
            }
            else
            {
                result.Add(word[i]);
            }
        }

        return [.. result];
    }

    private static void AddPairs(int[] word, long count, int w, Dictionary<(int, int), long> pairs, Dictionary<(int, int), HashSet<int>> wordsWithPair)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            var pair = (word[i], word[i + 1]);
            pairs[pair] = pairs.GetValueOrDefault(pair) + count;
            if (!wordsWithPair.TryGetValue(pair, out var set))
            {
                wordsWithPair[pair] = set = [];
            }

            set.Add(w);
        }
    }

    private static void RemovePairs(int[] word, long count, Dictionary<(int, int), long> pairs)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            var pair = (word[i], word[i + 1]);
            var left = pairs[pair] - count;
            if (left == 0)
            {
                pairs.Remove(pair);
            }
            else
            {
                pairs[pair] = left;
            }
        }
    }
}
