namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// Splits text on whole-string tokens the way the legacy slow transformers tokenizer does (PreTrainedTokenizer.tokenize,
/// transformers 4.29, the version NExT-GPT pins): find the tokens (earliest, then longest match), strip the whitespace next
/// to tokens that strip it (<see cref="AddedToken.StripsWhitespace"/>), and drop text that became empty.
/// </summary>
/// <remarks>
/// Each remaining text segment is then tokenized on its own (for SentencePiece: with its own dummy-prefix space). This is
/// why the legacy tokenizer gives contiguous ids 32002..32005 for <c>"caption[IMG0] [IMG1] [IMG2] [IMG3]"</c>, where a
/// modern tokenizer puts <c>▁</c> (29871) between added tokens (architecture notes, section 13). Whitespace is Python's
/// <c>str.isspace</c> set, which adds U+001C..U+001F to .NET's <see cref="char.IsWhiteSpace(char)"/>.
/// </remarks>
public sealed class AddedTokenSplitter
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var all = tokens.ToList();
        if (all.Any(t => string.IsNullOrEmpty(t.Text)))
        {
            throw new ArgumentException("An added token cannot be empty.", nameof(tokens));
        }

        var duplicate = all.GroupBy(t => t.Text, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The added token '{duplicate.Key}' is given twice.", nameof(tokens));
        }

        // Longest first, so that of two tokens starting at one position the longer wins.
        _byFirstChar = all.GroupBy(t => t.Text[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Text.Length).ThenBy(t => t.Text, StringComparer.Ordinal).ToArray());
    }

    public IReadOnlyList<TextSegment> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<TextSegment>();
        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var token = MatchAt(text, i);
            if (token is null)
            {
                i++;
                continue;
            }

            if (i > start)
            {
                parts.Add(TextSegment.OfText(text[start..i]));
            }

            parts.Add(TextSegment.OfToken(token));
            i += token.Text.Length;
            start = i;
        }

        if (start < text.Length)
        {
            parts.Add(TextSegment.OfText(text[start..]));
        }

        StripAroundTokens(parts);
        return [.. parts.Where(p => p.IsToken || p.Text!.Length > 0)];
    }

    private AddedToken? MatchAt(string text, int index)
    {
        if (!_byFirstChar.TryGetValue(text[index], out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (string.CompareOrdinal(text, index, candidate.Text, 0, candidate.Text.Length) == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static void StripAroundTokens(List<TextSegment> parts)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Token is not { StripsWhitespace: true })
            {
                continue;
            }

            if (i + 1 < parts.Count && !parts[i + 1].IsToken)
            {
                parts[i + 1] = TextSegment.OfText(TrimStart(parts[i + 1].Text!));
            }

            if (i > 0 && !parts[i - 1].IsToken)
            {
                parts[i - 1] = TextSegment.OfText(TrimEnd(parts[i - 1].Text!));
            }
        }
    }

    private static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    private static string TrimStart(string text)
    {
        var start = 0;
        while (start < text.Length && IsPythonWhitespace(text[start]))
        {
            start++;
        }

        return text[start..];
    }

    private static string TrimEnd(string text)
    {
        var end = text.Length;
        while (end > 0 && IsPythonWhitespace(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }
}
