using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>
/// One running turn. Await it for the <see cref="TurnResult"/>, or <c>await foreach</c> it for the events as they arrive
/// (the last one is always a <see cref="TurnCompleted"/> or <see cref="TurnFailed"/>); the agent's C# events fire as
/// well. <see cref="CancelAsync"/> is the barge-in: the server stops within a model step and the NPC's memory is cut to
/// what <see cref="Playback"/> says the player saw and heard.
/// </summary>
public sealed class NpcTurn : IAsyncEnumerable<TurnEvent>
{
    private readonly NpcAgent _agent;
    private readonly Channel<TurnEvent> _events = Channel.CreateUnbounded<TurnEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stream;
    private readonly StringBuilder _text = new();
    private readonly SortedDictionary<int, GeneratedMedia> _media = [];
    private readonly object _lock = new();
    private int _enumerated;
    private long _nextSequence;
    private long _gaps;
    private volatile bool _cancelRequested;
    private volatile string? _turnId;

    internal NpcTurn(NpcAgent agent, TurnInput input, NpcTurn? previous, CancellationToken cancellationToken)
    {
        _agent = agent;
        Input = input;
        _stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Completion = RunAsync(previous);
    }

    public NpcAgent Agent => _agent;

    public TurnInput Input { get; }

    /// <summary>The server's id for this turn, known from the first event on.</summary>
    public string? TurnId => _turnId;

    public TurnPlayback Playback { get; } = new();

    public Task<TurnResult> Completion { get; }

    /// <summary>The reply text received so far.</summary>
    public string TextSoFar
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>The media parts started so far, by part id.</summary>
    public IReadOnlyList<GeneratedMedia> Media
    {
        get
        {
            lock (_lock)
            {
                return _media.Values.ToArray();
            }
        }
    }

    public TaskAwaiter<TurnResult> GetAwaiter() => Completion.GetAwaiter();

    /// <summary>Stops the turn (barge-in) and returns its truncated result.</summary>
    public async Task<TurnResult> CancelAsync()
    {
        if (Completion.IsCompleted)
        {
            return await Completion.ConfigureAwait(false);
        }

        _cancelRequested = true;
        var turnId = _turnId;
        if (turnId is null)
        {
            // Not started on the server yet: dropping the stream cancels its invocation there.
            _stream.Cancel();
        }
        else
        {
            try
            {
                await _agent.Hub.CancelTurn(_agent.SessionId, turnId).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The link is down or the turn just ended: stop reading; the result says Cancelled either way.
                _stream.Cancel();
            }

            var grace = Task.Delay(_agent.Connection.Options.CancelGracePeriod);
            if (await Task.WhenAny(Completion, grace).ConfigureAwait(false) != Completion)
            {
                _stream.Cancel();
            }
        }

        return await Completion.ConfigureAwait(false);
    }

    public IAsyncEnumerator<TurnEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A turn's events can be enumerated once; subscribe to the NpcAgent's events for more listeners.");
        }

        return ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    private async IAsyncEnumerable<TurnEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_events.Reader.TryRead(out var turnEvent))
            {
                yield return turnEvent;
            }
        }
    }

    private async Task<TurnResult> RunAsync(NpcTurn? previous)
    {
        // Let the constructor return before any network work (callers subscribe to events first).
        await Task.Yield();
        TurnCompleted? completed = null;
        TurnFailed? failed = null;
        try
        {
            if (previous is not null)
            {
                await previous.CancelAsync().ConfigureAwait(false);
            }

            var uploadIds = await UploadInputsAsync().ConfigureAwait(false);
            var request = new TurnRequest
            {
                SessionId = _agent.SessionId,
                Text = Input.Text,
                UploadIds = uploadIds,
                PlayerId = _agent.Connection.Options.PlayerId,
                AllowedOutputs = Input.AllowedOutputs,
                RequiredOutputs = Input.RequiredOutputs,
            };
            await foreach (var turnEvent in _agent.Hub.StartTurn(request, _stream.Token).ConfigureAwait(false))
            {
                Handle(turnEvent);
                if (turnEvent is TurnCompleted c)
                {
                    completed = c;
                    break;
                }

                if (turnEvent is TurnFailed f)
                {
                    failed = f;
                    break;
                }
            }

            if (completed is null && failed is null)
            {
                failed = LocalFailure(ErrorCode.Internal, "The server ended the turn's stream without a closing event.");
            }
        }
        catch (OperationCanceledException) when (_cancelRequested || _stream.IsCancellationRequested)
        {
            failed = LocalFailure(ErrorCode.Cancelled, "The turn was cancelled before it ended.");
        }
        catch (UploadFailedException ex)
        {
            failed = LocalFailure(ErrorCode.InvalidMedia, ex.Message);
        }
        catch (Exception ex)
        {
            failed = LocalFailure(ErrorCode.Internal, "The turn failed on the connection: " + ex.Message);
        }

        var status = completed is not null
            ? completed.Cancelled ? TurnStatus.Cancelled : TurnStatus.Completed
            : failed!.Code == ErrorCode.Cancelled || _cancelRequested ? TurnStatus.Cancelled : TurnStatus.Failed;

        string received;
        GeneratedMedia[] media;
        lock (_lock)
        {
            received = _text.ToString();
            media = _media.Values.ToArray();
        }

        var text = completed is { Cancelled: false } ? completed.Text : received;
        if (status == TurnStatus.Cancelled)
        {
            var (shown, parts) = Playback.Snapshot(received.Length, media);
            text = received.Substring(0, shown);
            await ReportPlaybackAsync(shown, parts).ConfigureAwait(false);
        }

        var result = new TurnResult(_turnId ?? "", status, text, received, media, completed, failed, _gaps);
        _agent.OnTurnEnded(this, result);
        _events.Writer.TryComplete();
        _stream.Dispose();
        return result;
    }

    private async Task<string[]> UploadInputsAsync()
    {
        var ids = new string[Input.Media.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var media = Input.Media[i];
            try
            {
                var receipt = media.Upload is not null
                    ? await media.Upload.Receipt.ConfigureAwait(false)
                    : await _agent.UploadAsync(media.Modality, media.Format, media.Bytes!, _stream.Token).ConfigureAwait(false);
                ids[i] = receipt.UploadId;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new UploadFailedException($"Uploading input {i + 1} ({media.Modality}, {media.Format}) failed: {ex.Message}", ex);
            }
        }

        return ids;
    }

    private async Task ReportPlaybackAsync(int shown, int[] parts)
    {
        var turnId = _turnId;
        if (turnId is null)
        {
            return;
        }

        try
        {
            await _agent.Hub.ReportPlayback(new PlaybackReport
            {
                SessionId = _agent.SessionId,
                TurnId = turnId,
                TextCharactersShown = shown,
                CompletedPartIds = parts,
            }).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: without the report the server keeps the whole reply in the NPC's memory. The client's own
            // history is truncated regardless.
        }
    }

    private void Handle(TurnEvent turnEvent)
    {
        _turnId ??= turnEvent.TurnId;
        lock (_lock)
        {
            if (turnEvent.Sequence > _nextSequence)
            {
                _gaps += turnEvent.Sequence - _nextSequence;
            }

            _nextSequence = Math.Max(_nextSequence, turnEvent.Sequence + 1);
            switch (turnEvent)
            {
                case TextDelta delta:
                    _text.Append(delta.Text);
                    break;
                case MediaStarted started:
                    _media[started.PartId] = new GeneratedMedia(started);
                    break;
                default:
                    if (turnEvent.PartId != TurnEvent.TextPartId && _media.TryGetValue(turnEvent.PartId, out var part))
                    {
                        part.Apply(turnEvent);
                    }

                    break;
            }
        }

        _events.Writer.TryWrite(turnEvent);
        _agent.Raise(this, turnEvent);
    }

    private TurnFailed LocalFailure(ErrorCode code, string message)
    {
        var failure = new TurnFailed { TurnId = _turnId ?? "", Sequence = _nextSequence, Code = code, Message = message };
        _events.Writer.TryWrite(failure);
        _agent.Raise(this, failure);
        return failure;
    }

    private sealed class UploadFailedException : Exception
    {
        public UploadFailedException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
