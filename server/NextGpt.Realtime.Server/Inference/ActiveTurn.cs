using System.Diagnostics;
using System.Text;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// A turn the inference thread is working on: its reply sequence in the decode batch, the media it is decoding or
/// waiting to decode, the text so far and the per-stage clock. Only the inference thread touches it. The turn ends
/// once its reply is finished and all its media are done, or as soon as it is cancelled or fails.
/// </summary>
public sealed class ActiveTurn
{
    private readonly StringBuilder _reply = new();
    private readonly List<MediaPartRecord> _parts = [];
    private readonly SignalRunCollector _runs;
    private int _nextPartId = TurnEvent.TextPartId + 1;

    public ActiveTurn(TurnJob job, SignalTokens signals, IReadOnlySet<SignalModality> allowed)
    {
        Job = job;
        Allowed = allowed;
        _runs = new SignalRunCollector(signals, allowed);
        QueueMilliseconds = Stopwatch.GetElapsedTime(job.EnqueuedAt).TotalMilliseconds;
    }

    public TurnJob Job { get; }

    /// <summary>The media this turn may produce (the session's and the request's settings, within the model's means).</summary>
    public IReadOnlySet<SignalModality> Allowed { get; }

    /// <summary>Runs from the moment the turn left the queue.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public double QueueMilliseconds { get; }

    /// <summary>Milliseconds per stage (prefill, first_token, llm, image, audio), filled as they happen.</summary>
    public Dictionary<string, double> Stages { get; } = [];

    /// <summary>The reply's sequence while it is in the decode batch.</summary>
    public DecodingSequence? Sequence { get; set; }

    public int PromptTokens { get; set; }

    public int GeneratedTokens { get; private set; }

    /// <summary>The reply has ended (stop, limit) and no more media can start.</summary>
    public bool LanguageModelDone { get; set; }

    /// <summary>Media whose runs are complete but whose decoders have not finished.</summary>
    public int MediaPending { get; set; }

    /// <summary>The terminal event was written.</summary>
    public bool Ended { get; private set; }

    public string ReplyText => _reply.ToString().Trim();

    public IReadOnlyList<MediaPartRecord> Parts => _parts;

    public bool IsCancelled => Job.Cancellation.IsCancellationRequested;

    /// <summary>Reads a reported token: text becomes a delta; a completed signal run is returned for its decoder.</summary>
    public CompletedSignalRun? Accept(GeneratedToken token)
    {
        GeneratedTokens++;
        if (GeneratedTokens == 1)
        {
            Stages["first_token"] = Clock.Elapsed.TotalMilliseconds;
        }

        if (token.Finish is not null)
        {
            LanguageModelDone = true;
            Stages["llm"] = Clock.Elapsed.TotalMilliseconds;
        }

        if (_runs.IsSignal(token.Id))
        {
            return _runs.Push(token);
        }

        if (token.Text.Length > 0)
        {
            _reply.Append(token.Text);
            Write(new TextDelta { PartId = TurnEvent.TextPartId, Text = token.Text });
        }

        return null;
    }

    /// <summary>Takes the next part id for a medium and records it in the history.</summary>
    public int NextPart(SignalModality modality)
    {
        var partId = _nextPartId++;
        _parts.Add(new MediaPartRecord(partId, ToWire(modality)));
        return partId;
    }

    /// <summary>Writes an event; throws when the client is too far behind.</summary>
    public void Write(TurnEvent turnEvent)
    {
        if (!Job.Events.TryWrite(turnEvent))
        {
            throw new ClientTooSlowException();
        }
    }

    /// <summary>Ends the stream with its terminal event and records the exchange in the session.</summary>
    public void End(TurnEvent final)
    {
        if (Ended)
        {
            return;
        }

        Ended = true;
        var cancelled = final is TurnCompleted { Cancelled: true } || final is TurnFailed;
        try
        {
            // Recorded before the last event goes out: a client that saw the turn end may at once continue the session,
            // on this node or (scaled out) on another.
            Job.Session.Complete(new ExchangeRecord(Job.TurnId, Job.PlayerId, Job.UserText, ReplyText, Job.UploadIds,
                [.. _parts], cancelled));
        }
        finally
        {
            Job.Events.WriteFinal(final);
            Job.Lease?.Dispose();
        }
    }

    public static Modality ToWire(SignalModality modality) => modality switch
    {
        SignalModality.Image => Modality.Image,
        SignalModality.Audio => Modality.Audio,
        SignalModality.Video => Modality.Video,
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown medium."),
    };

    public static SignalModality? FromWire(Modality modality) => modality switch
    {
        Modality.Image => SignalModality.Image,
        Modality.Audio => SignalModality.Audio,
        Modality.Video => SignalModality.Video,
        _ => null,
    };
}
