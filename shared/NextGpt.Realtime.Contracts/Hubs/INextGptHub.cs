using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Contracts.Hubs;

/// <summary>
/// The server's methods at <see cref="NextGptHubRoutes.Path"/> (SignalR, MessagePack protocol). Method names are the constants in
/// <see cref="NextGptHubMethods"/>, so clients in any language can call them (docs/wire-protocol.md).
/// </summary>
public interface INextGptHub
{
    /// <summary>Opens an NPC session and joins the caller to its group.</summary>
    Task<SessionInfo> CreateSession(CreateSessionRequest request);

    /// <summary>Joins an existing session's group as a player or spectator.</summary>
    Task<SessionInfo> JoinSession(string sessionId, string playerId);

    /// <summary>Uploads one input medium as a stream of byte chunks (each under the receive limit).</summary>
    Task<UploadReceipt> Upload(UploadHeader header, IAsyncEnumerable<byte[]> chunks);

    /// <summary>Runs a turn; the returned stream is the turn's one ordered event stream.</summary>
    IAsyncEnumerable<TurnEvent> StartTurn(TurnRequest request, CancellationToken cancellationToken);

    /// <summary>Stops a running turn within one model step (barge-in).</summary>
    Task CancelTurn(string sessionId, string turnId);

    /// <summary>Truncates the history of a cancelled turn to what the player heard and saw.</summary>
    Task ReportPlayback(PlaybackReport report);
}

/// <summary>Hub path and method names.</summary>
public static class NextGptHubRoutes
{
    public const string Path = "/hubs/nextgpt";
}

/// <summary>The hub's method names, for clients that call by name.</summary>
public static class NextGptHubMethods
{
    public const string CreateSession = nameof(INextGptHub.CreateSession);
    public const string JoinSession = nameof(INextGptHub.JoinSession);
    public const string Upload = nameof(INextGptHub.Upload);
    public const string StartTurn = nameof(INextGptHub.StartTurn);
    public const string CancelTurn = nameof(INextGptHub.CancelTurn);
    public const string ReportPlayback = nameof(INextGptHub.ReportPlayback);
}
