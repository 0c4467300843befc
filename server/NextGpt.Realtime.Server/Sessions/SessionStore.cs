using System.Collections.Concurrent;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>The sessions of this server process, by id.</summary>
public sealed class SessionStore
{
    private readonly ConcurrentDictionary<string, NpcSession> _sessions = new(StringComparer.Ordinal);

    public NpcSession Create(Persona persona, SessionSettings settings)
    {
        var session = new NpcSession(Guid.NewGuid().ToString("N"), persona, settings);
        _sessions[session.Id] = session;
        return session;
    }

    public NpcSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);
}
