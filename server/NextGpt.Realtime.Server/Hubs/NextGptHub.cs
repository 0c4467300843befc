using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Server.Inference;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Hubs;

/// <summary>
/// The realtime endpoint (<see cref="INextGptHub"/>, MessagePack). Thin by design: it checks who calls, hands the request
/// to the session store or the turn service, and relays the turn's event stream; the model lives on the inference thread.
/// </summary>
public sealed class NextGptHub(SessionStore sessions, TurnService turns) : Hub<INextGptClient>
{
    public const string Path = NextGptHubRoutes.Path;

    private const int MaxPersonaText = 200;

    public async Task<SessionInfo> CreateSession(CreateSessionRequest request)
    {
        var persona = request.Persona ?? new Persona();
        if (string.IsNullOrWhiteSpace(persona.Name) || persona.Name.Length > MaxPersonaText || (persona.Role ?? "").Length > MaxPersonaText
            || (persona.Traits ?? []).Length > 8 || (persona.Traits ?? []).Any(t => (t ?? "").Length > MaxPersonaText))
        {
            throw new HubException($"InvalidArgument: a persona needs a name; name, role and each of at most 8 traits are limited to {MaxPersonaText} characters.");
        }

        var session = sessions.Create(persona, request.Settings ?? new SessionSettings());
        await Groups.AddToGroupAsync(Context.ConnectionId, session.Id);
        return Info(session);
    }

    public async Task<SessionInfo> JoinSession(string sessionId, string playerId)
    {
        var session = sessions.Find(sessionId) ?? throw new HubException($"NotFound: there is no session '{sessionId}'.");
        await Groups.AddToGroupAsync(Context.ConnectionId, session.Id);
        return Info(session);
    }

    public async IAsyncEnumerable<TurnEvent> StartTurn(TurnRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (turnId, events) = turns.Start(request ?? new TurnRequest());
        // The client stopping the stream is a barge-in: the turn stops within one model step.
        await using var stop = cancellationToken.Register(() => sessions.Find(request?.SessionId ?? "")?.Cancel(turnId));
        while (await events.WaitToReadAsync(CancellationToken.None))
        {
            while (events.TryRead(out var turnEvent))
            {
                yield return turnEvent;
            }
        }
    }

    public Task CancelTurn(string sessionId, string turnId)
    {
        var session = sessions.Find(sessionId) ?? throw new HubException($"NotFound: there is no session '{sessionId}'.");
        return session.Cancel(turnId) ? Task.CompletedTask : throw new HubException($"NotFound: turn '{turnId}' is not running in this session.");
    }

    public Task ReportPlayback(PlaybackReport report)
    {
        var session = sessions.Find(report.SessionId) ?? throw new HubException($"NotFound: there is no session '{report.SessionId}'.");
        var last = session.History().LastOrDefault() ?? throw new HubException("NotFound: the session has no finished turn to correct.");
        var shown = Math.Clamp(report.TextCharactersShown, 0, last.Assistant.Length);
        session.TruncateLastReply(last.Assistant[..shown]);
        return Task.CompletedTask;
    }

    private static SessionInfo Info(NpcSession session) =>
        new() { SessionId = session.Id, Persona = session.Persona, Settings = session.Settings, TurnCount = session.TurnCount };
}
