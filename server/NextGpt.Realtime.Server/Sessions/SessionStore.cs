using System.Collections.Concurrent;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// The sessions this server process serves, by id (bounded: a flood of CreateSession cannot exhaust memory). Scaled out
/// (<see cref="RedisSessionStorage"/> registered), new sessions are stored in Redis, a session another node created is
/// loaded from there the first time this node sees its id, and turns are signalled across nodes: a turn beginning on one
/// node stops the session's turn running on another (barge-in), and a cancel reaches the node that runs the turn.
/// </summary>
public sealed class SessionStore
{
    private readonly ConcurrentDictionary<string, NpcSession> _sessions = new(StringComparer.Ordinal);
    private readonly RedisSessionStorage? _shared;
    private readonly int _maxSessions;

    public SessionStore(RedisSessionStorage? shared = null, int maxSessions = 10_000)
    {
        _shared = shared;
        _maxSessions = maxSessions;
        shared?.Listen(OnTurnSignal);
    }

    public int Count => _sessions.Count;

    /// <summary>True when sessions live in Redis and survive this node.</summary>
    public bool IsShared => _shared is not null;

    /// <summary>Creates a session; null when the server holds its maximum number of sessions.</summary>
    public NpcSession? Create(Persona persona, SessionSettings settings)
    {
        if (_sessions.Count >= _maxSessions)
        {
            return null;
        }

        var id = Guid.NewGuid().ToString("N");
        var session = new NpcSession(id, persona, settings, _shared?.Create(id, persona, settings));
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>A snapshot of the live sessions (for the /preview page's list).</summary>
    public IReadOnlyList<NpcSession> All => [.. _sessions.Values];

    public NpcSession? Find(string? sessionId)
    {
        if (sessionId is null)
        {
            return null;
        }

        if (_sessions.TryGetValue(sessionId, out var session))
        {
            return session;
        }

        // Ids are ours (32 hex digits); anything else is not looked up in Redis at all.
        return _shared is not null && sessionId.Length == 32 && sessionId.All(char.IsAsciiHexDigitLower) && _shared.Load(sessionId) is { } loaded
            ? _sessions.GetOrAdd(sessionId, loaded)
            : null;
    }

    /// <summary>Makes <paramref name="turnId"/> the session's running turn, stopping the one before it on any node.</summary>
    public CancellationToken BeginTurn(NpcSession session, string turnId)
    {
        var cancellation = session.Begin(turnId);
        _shared?.Announce(TurnSignal.Began, session.Id, turnId);
        return cancellation;
    }

    /// <summary>
    /// Stops the session's running turn <paramref name="turnId"/>. False when no node can be running it: it is not running
    /// here and the server is not scaled out (scaled out, the node running it is told).
    /// </summary>
    public bool CancelTurn(NpcSession session, string turnId)
    {
        if (session.Cancel(turnId))
        {
            return true;
        }

        _shared?.Announce(TurnSignal.Cancel, session.Id, turnId);
        return _shared is not null;
    }

    // Only sessions this node holds can be running a turn here; others are not loaded for a signal.
    private void OnTurnSignal(TurnSignal signal, string sessionId, string turnId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return;
        }

        if (signal == TurnSignal.Began)
        {
            session.CancelOther(turnId);
        }
        else
        {
            session.Cancel(turnId);
        }
    }
}
