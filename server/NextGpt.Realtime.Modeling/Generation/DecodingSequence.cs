using NextGpt.Realtime.Modeling.Sampling;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// One reply being decoded: its sampler (own seeded generator), the tokens so far (for the repetition penalty), its
/// visible text, and the token sampled but not yet reported. A token is reported one step after it is sampled, because
/// its hidden state is computed by the forward pass that takes it as input (architecture notes section 5.3).
/// Created by <see cref="BatchedDecoder.Add"/> or <see cref="BatchedDecoder.AddEmbeddings"/>.
/// </summary>
public sealed class DecodingSequence
{
    private readonly TokenSampler _sampler;
    private readonly List<long> _history;
    private readonly ReplyText _text;
    private readonly Queue<long> _forced = new();
    private (long Id, string Text, FinishReason? Finish)? _pending;
    private int _sampled;
    private bool _stopAfterForced;

    internal DecodingSequence(GenerationOptions options, IReadOnlyList<long>? promptIds, ITokenDecoder? decoder)
    {
        options.Validate();
        Options = options;
        _sampler = new TokenSampler(options.Sampling);
        _history = [.. promptIds ?? []];
        _text = new ReplyText(decoder, options.StopStrings ?? []);
    }

    public GenerationOptions Options { get; }

    /// <summary>Tokens reported so far.</summary>
    public int Reported { get; private set; }

    /// <summary>Set once the last token has been reported, or when the sequence was removed.</summary>
    public FinishReason? Finish { get; private set; }

    public bool IsFinished => Finish is not null;

    /// <summary>Positions this sequence holds in the KV cache (prompt plus tokens fed back).</summary>
    internal long Length { get; set; }

    /// <summary>The token to feed in the next step.</summary>
    internal long PendingId => _pending?.Id ?? throw new InvalidOperationException("The sequence has no token to feed.");

    /// <summary>Samples the next token from this sequence's logits and decides whether it is the last one.</summary>
    /// <param name="logits">(1, vocab) scores of the next position.</param>
    internal void SampleNext(Tensor logits)
    {
        var forced = _forced.Count > 0;
        var id = forced ? _forced.Dequeue() : _sampler.Sample(logits, [_history])[0];
        if (!forced && MissingRequiredRun(id) is { } required)
        {
            id = required[0];
        }
        else if (!forced && RunStartingWith(id) is { } tooLong && tooLong.Length > Options.MaxNewTokens - _sampled
                 && Options.StopTokenIds.Count > 0)
        {
            // A run the token limit would cut short can never reach a decoder; end the reply instead.
            id = Options.StopTokenIds.First();
        }

        if (!forced && RunStartingWith(id) is { } run)
        {
            foreach (var next in run.Skip(1))
            {
                _forced.Enqueue(next);
            }
        }

        _history.Add(id);
        _sampled++;
        string text;
        FinishReason? finish = null;
        if (Options.StopTokenIds.Contains(id))
        {
            text = _text.Finish();
            finish = FinishReason.Stop;
        }
        else
        {
            text = _text.Append(id);
            if (_text.Stopped && !_stopAfterForced)
            {
                finish = FinishReason.Stop;
            }
            else if (_sampled == Options.MaxNewTokens)
            {
                text += _text.Finish();
                finish = FinishReason.Length;
            }
        }

        // A stop string ends the visible text, but a required run still missing is emitted before the reply ends.
        if (finish == FinishReason.Stop && !Options.StopTokenIds.Contains(id) && MissingRequiredRuns() is { Count: > 0 } missing)
        {
            foreach (var next in missing.SelectMany(run => run))
            {
                _forced.Enqueue(next);
            }

            _stopAfterForced = true;
            finish = null;
        }
        else if (forced && _forced.Count == 0 && _stopAfterForced)
        {
            finish = FinishReason.Stop;
        }

        _pending = (id, text, finish);
    }

    // A required run that has not started yet, when this token would end the reply (a stop id, or the last token the limit
    // allows, leaving room for every missing run: an image and a sound both required need both runs' room).
    private long[]? MissingRequiredRun(long id)
    {
        var missing = MissingRequiredRuns();
        if (missing.Count == 0)
        {
            return null;
        }

        // A stop, the last moment the limit leaves for the missing runs, or another run that would use up that room.
        var roomLeft = Options.MaxNewTokens - _sampled;
        var needed = missing.Sum(run => run.Length);
        var other = RunStartingWith(id);
        return Options.StopTokenIds.Contains(id) || roomLeft <= needed
               || (other is not null && !missing.Contains(other) && other.Length + needed > roomLeft)
            ? missing[0]
            : null;
    }

    private List<long[]> MissingRequiredRuns() => [.. (Options.RequiredRuns ?? []).Where(run => !_history.Contains(run[0]))];

    private long[]? RunStartingWith(long id) =>
        (Options.ForcedRuns ?? []).Concat(Options.RequiredRuns ?? []).FirstOrDefault(r => r[0] == id);

    /// <summary>Reports the pending token with the hidden state of the position where it was fed.</summary>
    internal GeneratedToken Report(float[] hiddenState)
    {
        var (id, text, finish) = _pending ?? throw new InvalidOperationException("The sequence has no token to report.");
        _pending = null;
        Length++;
        var token = new GeneratedToken(id, Reported++, hiddenState, text, finish);
        Finish = finish;
        return token;
    }

    internal void End(FinishReason reason)
    {
        _pending = null;
        Finish ??= reason;
    }
}
