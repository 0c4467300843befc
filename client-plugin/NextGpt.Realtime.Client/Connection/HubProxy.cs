using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Connection;

/// <summary>
/// <see cref="INextGptHub"/> over a <see cref="HubConnection"/>, written by hand (SignalR's typed-client generator is a
/// source generator that Unity does not run). Every call names its result type, so the protocol never guesses.
/// </summary>
internal sealed class HubProxy : INextGptHub
{
    private readonly HubConnection _connection;

    public HubProxy(HubConnection connection) => _connection = connection;

    public Task<SessionInfo> CreateSession(CreateSessionRequest request) =>
        _connection.InvokeAsync<SessionInfo>(NextGptHubMethods.CreateSession, request);

    public Task<SessionInfo> JoinSession(string sessionId, string playerId) =>
        _connection.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, sessionId, playerId);

    public Task<UploadReceipt> Upload(UploadHeader header, IAsyncEnumerable<byte[]> chunks) =>
        _connection.InvokeAsync<UploadReceipt>(NextGptHubMethods.Upload, header, chunks);

    public IAsyncEnumerable<TurnEvent> StartTurn(TurnRequest request, CancellationToken cancellationToken) =>
        _connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn, request, cancellationToken);

    public Task CancelTurn(string sessionId, string turnId) =>
        _connection.InvokeAsync(NextGptHubMethods.CancelTurn, sessionId, turnId);

    public Task ReportPlayback(PlaybackReport report) =>
        _connection.InvokeAsync(NextGptHubMethods.ReportPlayback, report);
}
