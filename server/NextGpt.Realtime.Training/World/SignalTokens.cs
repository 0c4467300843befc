using System.Text.RegularExpressions;

namespace NextGpt.Realtime.Training.World;

/// <summary>
/// NExT-GPT's signal tokens (nextgpt-architecture.md section 1): [IMG0..3], [AUD0..7], [VID0..23]. The NPC emits the full
/// span of a modality right after its short line when media is asked for, and only then (world.md, "Dialogue").
/// </summary>
public static partial class SignalTokens
{
    public static int Count(MediaKind kind) => kind switch
    {
        MediaKind.Image => 4,
        MediaKind.Audio => 8,
        MediaKind.Video => 24,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Prefix(MediaKind kind) => kind switch
    {
        MediaKind.Image => "IMG",
        MediaKind.Audio => "AUD",
        MediaKind.Video => "VID",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>"[IMG0] [IMG1] [IMG2] [IMG3]": the span as the legacy stage-2/3 targets write it (joined by spaces, and
    /// appended to the text with no space before the first token).</summary>
    public static string Span(MediaKind kind) =>
        string.Join(" ", Enumerable.Range(0, Count(kind)).Select(i => $"[{Prefix(kind)}{i}]"));

    /// <summary>Whether the text holds the full span of the modality, in order and contiguous (spaces between tokens allowed),
    /// which is what the pipeline needs to collect the hidden states of every signal token.</summary>
    public static bool HasFullSpan(string text, MediaKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = TokenSeparator().Replace(text, "]");
        return compact.Contains(Span(kind).Replace("] ", "]", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>Whether the text holds any signal token of the modality (a false emission when no media was asked for).</summary>
    public static bool HasAny(string text, MediaKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Regex.IsMatch(text, $@"\[{Prefix(kind)}\d+\]");
    }

    /// <summary>The text with every signal token of every modality removed, for reading the words of a reply.</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AnyToken().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\]\s+(?=\[)")]
    private static partial Regex TokenSeparator();

    [GeneratedRegex(@"\[(IMG|AUD|VID)\d+\]")]
    private static partial Regex AnyToken();
}
