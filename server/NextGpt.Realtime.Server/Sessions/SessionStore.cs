using System.Collections.Concurrent;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>The sessions of this server process, by id (bounded: a flood of CreateSession cannot exhaust memory).</summary>
public sealed class SessionStore(int maxSessions = 10_000)
{
    private readonly ConcurrentDictionary<string, NpcSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    /// <summary>Creates a session; null when the server holds its maximum number of sessions.</summary>
    public NpcSession? Create(Persona persona, SessionSettings settings)
    {
        if (_sessions.Count >= maxSessions)
        {
            return null;
        }

        var session = new NpcSession(Guid.NewGuid().ToString("N"), persona, settings);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>A snapshot of the live sessions (for the /preview page's list).</summary>
    public IReadOnlyList<NpcSession> All => [.. _sessions.Values];

    public NpcSession? Find(string? sessionId) => sessionId is null ? null : _sessions.GetValueOrDefault(sessionId);
}
