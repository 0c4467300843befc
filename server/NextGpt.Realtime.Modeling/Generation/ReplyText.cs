namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// The visible text of one reply as its tokens arrive: complete characters only (<see cref="IncrementalDetokenizer"/>),
/// cut at the first stop string (<see cref="StopStringMatcher"/>). Without a decoder there is no text and no stop strings.
/// </summary>
public sealed class ReplyText
{
    private readonly IncrementalDetokenizer? _detokenizer;
    private readonly StopStringMatcher _stops;

    public ReplyText(ITokenDecoder? decoder, IReadOnlyList<string> stopStrings)
    {
        if (decoder is null && stopStrings.Count > 0)
        {
            throw new ArgumentException("Stop strings need a token decoder to see the text; give one or use stop token ids.",
                nameof(decoder));
        }

        _detokenizer = decoder is null ? null : new IncrementalDetokenizer(decoder);
        _stops = new StopStringMatcher(stopStrings);
    }

    /// <summary>True once a stop string has appeared.</summary>
    public bool Stopped => _stops.Stopped;

    /// <summary>Adds a generated token; returns the text that may be shown now.</summary>
    public string Append(long id) =>
        _detokenizer is null ? "" : _stops.Push(_detokenizer.Push(checked((int)id)));

    /// <summary>Ends the reply (token limit, or a stop token whose own text is not shown); returns the held-back text.</summary>
    public string Finish()
    {
        if (_detokenizer is null)
        {
            return "";
        }

        var text = _stops.Push(_detokenizer.Flush());
        return text + _stops.Flush();
    }
}
