namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// Cuts streamed text at the first stop string (NExT-GPT's legacy prompt ends each reply with <c>"\n###"</c>; the
/// tokenizer may spell "###" as one token, id 835, or as several). Text that could still be the start of a stop string
/// is held back until it is known not to be one, so a stop string never reaches the user in part.
/// </summary>
public sealed class StopStringMatcher
{
    private readonly string[] _stops;
    private string _held = "";

    public StopStringMatcher(IReadOnlyList<string> stops)
    {
        if (stops.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Stop strings must not be empty.", nameof(stops));
        }

        _stops = [.. stops];
    }

    /// <summary>True once a stop string has been seen; later text is ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds text and returns the part that is safe to show.</summary>
    public string Push(string text)
    {
        if (Stopped)
        {
            return "";
        }

        var buffer = _held + text;
        var first = _stops.Select(stop => buffer.IndexOf(stop, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (first >= 0)
        {
            Stopped = true;
            _held = "";
            return buffer[..first];
        }

        var keep = _stops.Select(stop => LongestSuffixThatStarts(buffer, stop)).DefaultIfEmpty(0).Max();
        _held = buffer[^keep..];
        return buffer[..^keep];
    }

    /// <summary>Ends the text: whatever was held back was not a stop string after all.</summary>
    public string Flush()
    {
        var held = _held;
        _held = "";
        return Stopped ? "" : held;
    }

    /// <summary>The length of the longest suffix of <paramref name="text"/> that is a proper prefix of <paramref name="stop"/>.</summary>
    private static int LongestSuffixThatStarts(string text, string stop)
    {
        for (var length = Math.Min(text.Length, stop.Length - 1); length > 0; length--)
        {
            if (string.CompareOrdinal(text, text.Length - length, stop, 0, length) == 0)
            {
                return length;
            }
        }

        return 0;
    }
}
