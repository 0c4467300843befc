namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// Turns a stream of generated token ids into a stream of text pieces that are each complete: a character whose UTF-8
/// bytes are spread over several byte-fallback tokens is emitted once its last byte has arrived, never as U+FFFD or
/// as a piece name, and SentencePiece's leading-space rule is decoded with context so that word boundaries survive.
/// </summary>
/// <remarks>
/// The method is text-generation-inference's <c>decode_token</c> (prefix and read offsets): decode a short window of
/// already-emitted tokens (the prefix) and the same window plus the new tokens; the new text is the difference. When
/// the longer decode ends in an incomplete character (U+FFFD or a lone high surrogate), nothing is emitted and the
/// window grows until the character completes. Each step decodes a few tokens, so the cost does not grow with the
/// reply. One instance per reply; not thread-safe.
/// </remarks>
public sealed class IncrementalDetokenizer
{
    private const char ReplacementCharacter = '\uFFFD';

    private readonly ITokenDecoder _decoder;
    private readonly List<int> _ids = [];
    private int _prefixOffset;
    private int _readOffset;

    public IncrementalDetokenizer(ITokenDecoder decoder) => _decoder = decoder;

    /// <summary>Adds one token and returns the text it completes (often empty while a character is incomplete).</summary>
    public string Push(int id)
    {
        _ids.Add(id);
        var prefix = Decode(_prefixOffset, _readOffset);
        var text = Decode(_prefixOffset, _ids.Count);
        if (text.Length <= prefix.Length || EndsIncomplete(text))
        {
            return "";
        }

        _prefixOffset = _readOffset;
        _readOffset = _ids.Count;
        return text[prefix.Length..];
    }

    /// <summary>
    /// Ends the reply: returns text still held back, without a trailing incomplete character (a reply cut off by its
    /// token limit in the middle of a multi-byte character loses that character rather than showing garbage).
    /// </summary>
    public string Flush()
    {
        var prefix = Decode(_prefixOffset, _readOffset);
        var text = Decode(_prefixOffset, _ids.Count);
        _prefixOffset = _readOffset = _ids.Count;
        if (text.Length <= prefix.Length)
        {
            return "";
        }

        var end = text.Length;
        while (end > prefix.Length && (text[end - 1] == ReplacementCharacter || char.IsHighSurrogate(text[end - 1])))
        {
            end--;
        }

        return text[prefix.Length..end];
    }

    private string Decode(int start, int end) => start == end ? "" : _decoder.Decode(_ids.GetRange(start, end - start));

    private static bool EndsIncomplete(string text) => text[^1] == ReplacementCharacter || char.IsHighSurrogate(text[^1]);
}
