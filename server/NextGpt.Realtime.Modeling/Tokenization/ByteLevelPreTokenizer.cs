using System.Text.RegularExpressions;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// GPT-2's pre-tokenization pattern (openai/gpt-2 encoder.py): contractions, a word with its leading space, a number with
/// its leading space, punctuation runs, and whitespace (a run of spaces leaves its last space to the next word). Merges
/// never cross these pieces; the trainer and the loaded tokenizer use the same pattern.
/// </summary>
public static partial class ByteLevelPreTokenizer
{
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    [GeneratedRegex(Pattern)]
    public static partial Regex Regex();
}
