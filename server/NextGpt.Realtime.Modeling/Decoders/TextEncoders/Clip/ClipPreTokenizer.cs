using System.Globalization;
using System.Text;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// CLIP's text clean-up and word split. Clean-up as transformers' CLIPTokenizer does it: Unicode NFC (the part of ftfy's
/// fix_text that applies to well-formed text; ftfy's mojibake and quote repairs are not reproduced), runs of whitespace to
/// one space, trimmed, lower-cased. The split is openai's pattern
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>, matched
/// here by code point (Rune) so that letters and symbols outside the Basic Multilingual Plane are classified as Python
/// classifies them, which a UTF-16 regex would not do.
/// </summary>
public static class ClipPreTokenizer
{
    private static readonly string[] Specials = [ClipTokenizer.StartOfText, ClipTokenizer.EndOfText];
    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    /// <summary>NFC, whitespace collapsed and trimmed, lower-cased.</summary>
    public static string Clean(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsWhiteSpace(rune))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString().ToLowerInvariant();
    }

    /// <summary>The pattern's matches in a cleaned text, left to right (Python's <c>re.findall</c>).</summary>
    public static IEnumerable<string> Split(string cleaned)
    {
        var position = 0;
        while (position < cleaned.Length)
        {
            var length = MatchAt(cleaned, position);
            if (length == 0)
            {
                position += Rune.GetRuneAt(cleaned, position).Utf16SequenceLength;
                continue;
            }

            yield return cleaned.Substring(position, length);
            position += length;
        }
    }

    // The length (UTF-16 units) of the first alternative that matches at position, or 0 (whitespace).
    private static int MatchAt(string text, int position)
    {
        foreach (var literal in Specials.Concat(Contractions))
        {
            if (text.AsSpan(position).StartsWith(literal, StringComparison.Ordinal))
            {
                return literal.Length;
            }
        }

        var first = Rune.GetRuneAt(text, position);
        if (IsLetter(first))
        {
            return RunLength(text, position, IsLetter);
        }

        if (IsNumber(first))
        {
            return first.Utf16SequenceLength;
        }

        return IsWhiteSpace(first) ? 0 : RunLength(text, position, r => !IsWhiteSpace(r) && !IsLetter(r) && !IsNumber(r));
    }

    private static int RunLength(string text, int start, Func<Rune, bool> belongs)
    {
        var end = start;
        while (end < text.Length)
        {
            var rune = Rune.GetRuneAt(text, end);
            if (!belongs(rune))
            {
                break;
            }

            end += rune.Utf16SequenceLength;
        }

        return end - start;
    }

    private static bool IsLetter(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter;

    private static bool IsNumber(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    // Python's str.isspace also counts the information separators U+001C..U+001F.
    private static bool IsWhiteSpace(Rune rune) => Rune.IsWhiteSpace(rune) || rune.Value is >= 0x1C and <= 0x1F;
}
