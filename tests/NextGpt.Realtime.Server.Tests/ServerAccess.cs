using Microsoft.Extensions.DependencyInjection;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>Looks inside the running server (its session store) to check what the wire cannot show, like the history.</summary>
public static class ServerAccess
{
    public static NpcSession Session(this KestrelServer server, string sessionId) =>
        server.Services.GetRequiredService<SessionStore>().Find(sessionId) ?? throw new InvalidOperationException($"No session {sessionId}.");
}
