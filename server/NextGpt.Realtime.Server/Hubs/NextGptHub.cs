using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Server.Inference;
using NextGpt.Realtime.Server.Preview;
using NextGpt.Realtime.Server.Security;
using NextGpt.Realtime.Server.Sessions;
using NextGpt.Realtime.Server.Uploads;

namespace NextGpt.Realtime.Server.Hubs;

/// <summary>
/// The realtime endpoint (<see cref="INextGptHub"/>, MessagePack). Thin by design: it names the caller, hands the request
/// to the session store, the upload service or the turn service, and relays the turn's one ordered event stream to the
/// caller and to the rest of the session's group; the model lives on the inference thread. Errors of calls are
/// <see cref="HubException"/>s starting with the error code; a turn's errors are its TurnFailed event.
/// </summary>
public sealed class NextGptHub(SessionStore sessions, TurnService turns, UploadService uploads, InferenceWorker worker,
    IHubContext<NextGptHub, INextGptClient> hubContext, StreamRecordings recordings) : Hub<INextGptClient>
{
    public const string Path = NextGptHubRoutes.Path;

    /// <summary>Who is calling, for quotas: the API key's name, the token's subject, or in open mode the client's address.</summary>
    private string Caller => CallerQuotas.CallerOf(Context.User, Context.GetHttpContext()?.Connection.RemoteIpAddress);

    public async Task<SessionInfo> CreateSession(CreateSessionRequest request)
    {
        var persona = request?.Persona ?? new Persona();
        var traits = persona.Traits ?? [];
        if (string.IsNullOrWhiteSpace(persona.Name) || persona.Name.Length > InputLimits.MaxPersonaText
            || (persona.Role ?? "").Length > InputLimits.MaxPersonaText || (persona.SpeakingStyle ?? "").Length > InputLimits.MaxPersonaText
            || traits.Length > InputLimits.MaxTraits || traits.Any(t => (t ?? "").Length > InputLimits.MaxPersonaText))
        {
            throw HubErrors.Error(ErrorCode.InvalidArgument, $"A persona needs a name; name, role, speaking style and each of at most " +
                $"{InputLimits.MaxTraits} traits are limited to {InputLimits.MaxPersonaText} characters.");
        }

        var settings = request!.Settings ?? new SessionSettings();
        var clean = new Persona { Name = persona.Name, Role = persona.Role ?? "", Traits = [.. traits.Select(t => t ?? "")], SpeakingStyle = persona.SpeakingStyle };
        var session = sessions.Create(clean, settings)
            ?? throw HubErrors.Error(ErrorCode.Busy, "The server holds its maximum number of sessions; try another node or later.");
        session.AddPlayer(PlayerId(request.PlayerId));
        await Groups.AddToGroupAsync(Context.ConnectionId, session.Id);
        return Info(session);
    }

    public async Task<SessionInfo> JoinSession(string sessionId, string playerId)
    {
        var session = sessions.Find(sessionId) ?? throw HubErrors.Error(ErrorCode.NotFound, $"There is no session '{sessionId}'.");
        session.AddPlayer(PlayerId(playerId));
        await Groups.AddToGroupAsync(Context.ConnectionId, session.Id);
        return Info(session);
    }

    /// <summary>Joins a session's group read-only (<see cref="INextGptSpectatorHub"/>); the connection can no longer act.</summary>
    public async Task<SessionInfo> Spectate(string sessionId)
    {
        var session = sessions.Find(sessionId) ?? throw HubErrors.Error(ErrorCode.NotFound, $"There is no session '{sessionId}'.");
        Context.Items[SpectatorKey] = true;
        await Groups.AddToGroupAsync(Context.ConnectionId, session.Id);
        return Info(session);
    }

    public Task<UploadReceipt> Upload(UploadHeader header, IAsyncEnumerable<byte[]> chunks) =>
        IsSpectator ? throw SpectatorRefusal() : uploads.ReceiveAsync(header, chunks, Caller, Context.ConnectionAborted);

    public async IAsyncEnumerable<TurnEvent> StartTurn(TurnRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (IsSpectator)
        {
            yield return new TurnFailed { TurnId = Guid.NewGuid().ToString("N"), Code = ErrorCode.Unauthorized, Message = SpectatorRefusal().Message };
            yield break;
        }

        var stream = turns.Start(request, Caller);
        var sessionId = request?.SessionId ?? "";
        // The client stopping the stream (or leaving) is a barge-in: the turn stops within one model step.
        await using var stop = cancellationToken.Register(() =>
        {
            sessions.Find(sessionId)?.Cancel(stream.TurnId);
            worker.Wake();
        });
        var relay = new TurnRelay(hubContext, sessionId, Context.ConnectionId);
        await foreach (var turnEvent in stream.ReadAllAsync(cancellationToken))
        {
            yield return turnEvent;
            recordings.Observe(sessionId, turnEvent);
            await relay.ForwardAsync(turnEvent);
        }

        await relay.FlushAsync();
    }

    public Task CancelTurn(string sessionId, string turnId)
    {
        if (IsSpectator)
        {
            throw SpectatorRefusal();
        }

        var session = sessions.Find(sessionId) ?? throw HubErrors.Error(ErrorCode.NotFound, $"There is no session '{sessionId}'.");
        if (!sessions.CancelTurn(session, turnId ?? ""))
        {
            throw HubErrors.Error(ErrorCode.NotFound, $"Turn '{turnId}' is not running in this session.");
        }

        worker.Wake();
        return Task.CompletedTask;
    }

    public Task ReportPlayback(PlaybackReport report)
    {
        if (IsSpectator)
        {
            throw SpectatorRefusal();
        }

        if (report is null || report.TextCharactersShown < 0)
        {
            throw HubErrors.Error(ErrorCode.InvalidArgument, "A playback report names a session and a turn, and counts shown characters from 0.");
        }

        var session = sessions.Find(report.SessionId) ?? throw HubErrors.Error(ErrorCode.NotFound, $"There is no session '{report.SessionId}'.");
        return session.Truncate(report.TurnId, report.TextCharactersShown, report.CompletedPartIds ?? [])
            ? Task.CompletedTask
            : throw HubErrors.Error(ErrorCode.NotFound, $"Turn '{report.TurnId}' is not in this session's history (it may still be running).");
    }

    private const string SpectatorKey = "nextgpt.spectator";

    private bool IsSpectator => Context.Items.ContainsKey(SpectatorKey);

    private static HubException SpectatorRefusal() =>
        HubErrors.Error(ErrorCode.Unauthorized, "This connection is a spectator (read-only); connect again to play.");

    private static string PlayerId(string? playerId) => (playerId ?? "").Length <= InputLimits.MaxIdLength
        ? playerId ?? ""
        : throw HubErrors.Error(ErrorCode.InvalidArgument, $"A player id has at most {InputLimits.MaxIdLength} characters.");

    private static SessionInfo Info(NpcSession session) =>
        new() { SessionId = session.Id, Persona = session.Persona, Settings = session.Settings, TurnCount = session.TurnCount };
}
