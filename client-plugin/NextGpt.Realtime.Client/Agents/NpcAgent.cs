using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>
/// One NPC: a server session with a persona, its conversation history and its turns. Several agents share one
/// <see cref="NextGptConnection"/>. Events are raised through the connection's dispatcher (the game thread in engines).
/// </summary>
public sealed class NpcAgent
{
    private readonly List<ConversationMessage> _history = [];
    private readonly object _lock = new();
    private NpcTurn? _current;

    internal NpcAgent(NextGptConnection connection, SessionInfo info)
    {
        Connection = connection;
        SessionId = info.SessionId;
        Persona = info.Persona;
        Settings = info.Settings;
    }

    public NextGptConnection Connection { get; }

    public string SessionId { get; private set; }

    public Persona Persona { get; }

    public SessionSettings Settings { get; }

    public NpcTurn? CurrentTurn
    {
        get
        {
            lock (_lock)
            {
                return _current is { Completion.IsCompleted: false } ? _current : null;
            }
        }
    }

    public IReadOnlyList<ConversationMessage> History
    {
        get
        {
            lock (_lock)
            {
                return _history.ToArray();
            }
        }
    }

    public event Action<NpcTurn, TurnStarted>? TurnStarted;

    public event Action<NpcTurn, TextDelta>? TextReceived;

    public event Action<NpcTurn, MediaStarted>? MediaStarted;

    public event Action<NpcTurn, ImagePreview>? ImagePreviewReceived;

    public event Action<NpcTurn, ImageCompleted>? ImageReceived;

    public event Action<NpcTurn, AudioChunk>? AudioReceived;

    public event Action<NpcTurn, VideoFrame>? VideoFrameReceived;

    public event Action<NpcTurn, MediaCompleted>? MediaCompleted;

    /// <summary>Every event of this client's turns, in order (including client-side failures).</summary>
    public event Action<NpcTurn, TurnEvent>? EventReceived;

    /// <summary>A turn ended: completed, cancelled or failed.</summary>
    public event Action<NpcTurn, TurnResult>? TurnEnded;

    /// <summary>Events of turns other players started in this session (multiplayer, spectators).</summary>
    public event Action<TurnEvent>? GroupEventReceived;

    /// <summary>After a server restart the session was re-created: old id, new id.</summary>
    public event Action<string, string>? SessionRestored;

    internal INextGptHub Hub => Connection.Hub;

    /// <summary>Says <paramref name="text"/>; await the turn for the reply or enumerate it for the stream.</summary>
    public NpcTurn SayAsync(string text, CancellationToken cancellationToken = default) =>
        StartTurn(TurnInput.Say(text), cancellationToken);

    /// <summary>
    /// Starts a turn with text and any inputs. A turn still running is cancelled first (the player interrupted the NPC).
    /// </summary>
    public NpcTurn StartTurn(TurnInput input, CancellationToken cancellationToken = default)
    {
        if (input is null)
        {
            throw new ArgumentNullException(nameof(input));
        }

        input.Validate();
        Connection.EnsureConnected();
        lock (_lock)
        {
            var previous = _current is { Completion.IsCompleted: false } ? _current : null;
            _history.Add(new ConversationMessage(Speaker.Player, Connection.Options.PlayerId, input.Text, "",
                input.Media.Select(m => m.Modality).ToArray(), truncated: false));
            _current = new NpcTurn(this, input, previous, cancellationToken);
            return _current;
        }
    }

    /// <summary>Cancels the running turn, if any (barge-in); returns its truncated result.</summary>
    public async Task<TurnResult?> BargeInAsync()
    {
        var turn = CurrentTurn;
        return turn is null ? null : await turn.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Uploads a whole medium in chunks; the receipt's id can go into a later turn.</summary>
    public Task<UploadReceipt> UploadAsync(Modality modality, MediaFormat format, byte[] bytes, CancellationToken cancellationToken = default)
    {
        if (bytes is null || bytes.Length == 0)
        {
            throw new ArgumentException("An upload needs bytes.", nameof(bytes));
        }

        var header = Header(modality, format, bytes.Length);
        return Hub.Upload(header, Chunks(bytes, Connection.Options.UploadChunkBytes, cancellationToken)).WithCancellation(cancellationToken);
    }

    /// <summary>
    /// Starts uploading bytes that are still being produced (the player is speaking): a streamed upload
    /// (<see cref="UploadHeader.Streamed"/>) whose header announces <see cref="LiveUpload.MaxBytes"/> as the upper bound,
    /// since the final length is not known yet; <see cref="LiveUpload.Complete"/> ends it.
    /// </summary>
    public PendingUpload BeginUpload(Modality modality, MediaFormat format, LiveUpload live)
    {
        if (live is null)
        {
            throw new ArgumentNullException(nameof(live));
        }

        Connection.EnsureConnected();
        var receipt = Hub.Upload(Header(modality, format, live.MaxBytes, streamed: true), live.ReadAllAsync());
        return new PendingUpload(modality, format, receipt);
    }

    /// <summary>Forgets the client-side history (the server keeps its own per session).</summary>
    public void ClearHistory()
    {
        lock (_lock)
        {
            _history.Clear();
        }
    }

    internal void Raise(NpcTurn turn, TurnEvent turnEvent)
    {
        Connection.Dispatch(() =>
        {
            EventReceived?.Invoke(turn, turnEvent);
            switch (turnEvent)
            {
                case TurnStarted e: TurnStarted?.Invoke(turn, e); break;
                case TextDelta e: TextReceived?.Invoke(turn, e); break;
                case MediaStarted e: MediaStarted?.Invoke(turn, e); break;
                case ImagePreview e: ImagePreviewReceived?.Invoke(turn, e); break;
                case ImageCompleted e: ImageReceived?.Invoke(turn, e); break;
                case AudioChunk e: AudioReceived?.Invoke(turn, e); break;
                case VideoFrame e: VideoFrameReceived?.Invoke(turn, e); break;
                case MediaCompleted e: MediaCompleted?.Invoke(turn, e); break;
            }
        });
    }

    internal void OnTurnEnded(NpcTurn turn, TurnResult result)
    {
        lock (_lock)
        {
            if (result.Status != TurnStatus.Failed || result.Text.Length > 0)
            {
                _history.Add(new ConversationMessage(Speaker.Npc, Persona.Name, result.Text, result.TurnId,
                    result.Media.Select(m => m.Modality).ToArray(), truncated: result.Status == TurnStatus.Cancelled));
            }
        }

        Connection.Dispatch(() => TurnEnded?.Invoke(turn, result));
    }

    internal void OnGroupEvent(TurnEvent turnEvent)
    {
        if (turnEvent is TurnCompleted completed)
        {
            lock (_lock)
            {
                _history.Add(new ConversationMessage(Speaker.Npc, Persona.Name, completed.Text, completed.TurnId, [], completed.Cancelled));
            }
        }

        Connection.Dispatch(() => GroupEventReceived?.Invoke(turnEvent));
    }

    /// <summary>After a reconnect: rejoin the session's group, or re-create the session when the server lost it.</summary>
    internal async Task RecoverSessionAsync()
    {
        try
        {
            await Hub.JoinSession(SessionId, Connection.Options.PlayerId).ConfigureAwait(false);
            return;
        }
        catch (Microsoft.AspNetCore.SignalR.HubException)
        {
            // The server does not know the session (it restarted): open a new one with the same persona and settings.
        }

        var info = await Hub.CreateSession(new CreateSessionRequest
        {
            Persona = Persona,
            Settings = Settings,
            PlayerId = Connection.Options.PlayerId,
        }).ConfigureAwait(false);
        var old = SessionId;
        SessionId = info.SessionId;
        Connection.Rekey(old, this);
        Connection.Dispatch(() => SessionRestored?.Invoke(old, info.SessionId));
    }

    private UploadHeader Header(Modality modality, MediaFormat format, long totalBytes, bool streamed = false)
    {
        if (modality == Modality.Text)
        {
            throw new ArgumentException("Text goes into the turn itself, not an upload.", nameof(modality));
        }

        return new UploadHeader
        {
            SessionId = SessionId,
            Modality = modality,
            Format = format,
            TotalBytes = totalBytes,
            PlayerId = Connection.Options.PlayerId,
            Streamed = streamed,
        };
    }

    private static async IAsyncEnumerable<byte[]> Chunks(byte[] bytes, int chunkBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunkBytes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = new byte[Math.Min(chunkBytes, bytes.Length - offset)];
            Buffer.BlockCopy(bytes, offset, chunk, 0, chunk.Length);
            yield return chunk;
            await Task.Yield();
        }
    }
}
