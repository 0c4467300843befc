using System.Collections.Concurrent;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// The sessions this server process serves, by id (bounded: a flood of CreateSession cannot exhaust memory). Scaled out
/// (<see cref="RedisSessionStorage"/> registered), new sessions are stored in Redis and a session another node created is
/// loaded from there the first time this node sees its id.
/// </summary>
public sealed class SessionStore(RedisSessionStorage? shared = null, int maxSessions = 10_000)
{
    private readonly ConcurrentDictionary<string, NpcSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    /// <summary>True when sessions live in Redis and survive this node.</summary>
    public bool IsShared => shared is not null;

    /// <summary>Creates a session; null when the server holds its maximum number of sessions.</summary>
    public NpcSession? Create(Persona persona, SessionSettings settings)
    {
        if (_sessions.Count >= maxSessions)
        {
            return null;
        }

        var id = Guid.NewGuid().ToString("N");
        var session = new NpcSession(id, persona, settings, shared?.Create(id, persona, settings));
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
        return shared is not null && sessionId.Length == 32 && sessionId.All(char.IsAsciiHexDigitLower) && shared.Load(sessionId) is { } loaded
            ? _sessions.GetOrAdd(sessionId, loaded)
            : null;
    }
}
