using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>A complete signal run of one medium: its ids and, per id, the hidden state where it was fed to the LLM.</summary>
public sealed record CompletedSignalRun(SignalModality Modality, long[] Ids, float[][] HiddenStates);

/// <summary>
/// Watches one reply's tokens as they are reported and says when a signal run ([IMG0..3], [AUD0..7], [VID0..23]) is
/// complete, so its decoder can start while the text goes on (issue 7, pipelining). The decoders read each signal
/// token's hidden state at the position where it was fed (architecture notes section 5.3); the batched decoder reports
/// a token together with that state, so a run is usable the moment its last token is reported. Only media the turn
/// may produce are watched; the generator forces a run's remaining ids once its first one is sampled.
/// </summary>
public sealed class SignalRunCollector(SignalTokens signals, IReadOnlySet<SignalModality> watched)
{
    private SignalModality? _modality;
    private IReadOnlyList<int> _ids = [];
    private readonly List<float[]> _hidden = [];

    /// <summary>True when <paramref name="id"/> is any medium's signal token (it never shows as text).</summary>
    public bool IsSignal(long id) => signals.ModalityOf((int)id) is not null;

    /// <summary>Adds a reported token; returns the run it completes, if any.</summary>
    public CompletedSignalRun? Push(GeneratedToken token)
    {
        if (_modality is { } current)
        {
            if (token.Id != _ids[_hidden.Count])
            {
                // The run broke off (the token limit ended the reply inside it); nothing to decode.
                Reset();
                return Push(token);
            }

            _hidden.Add(token.HiddenState);
            if (_hidden.Count < _ids.Count)
            {
                return null;
            }

            var run = new CompletedSignalRun(current, [.. _ids.Select(i => (long)i)], [.. _hidden]);
            Reset();
            return run;
        }

        if (signals.ModalityOf((int)token.Id) is { } modality && watched.Contains(modality) && signals.For(modality)[0] == token.Id)
        {
            _modality = modality;
            _ids = signals.For(modality);
            _hidden.Add(token.HiddenState);
            return null;
        }

        return null;
    }

    private void Reset()
    {
        _modality = null;
        _ids = [];
        _hidden.Clear();
    }
}
