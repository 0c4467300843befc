using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>What the tests do with a hub connection: open a session, run a turn to its end, upload in chunks.</summary>
public static class HubClient
{
    public static readonly SessionSettings Fast = new() { MaxTokens = 16, DiffusionSteps = 4, ImageWidth = 64, Seed = 7 };

    public static async Task<SessionInfo> CreateSession(this HubConnection connection, SessionSettings? settings = null, string playerId = "") =>
        await connection.InvokeAsync<SessionInfo>(NextGptHubMethods.CreateSession, new CreateSessionRequest
        {
            Persona = new Persona { Name = "Mira", Role = "innkeeper", Traits = ["cheerful", "loves gossip"] },
            Settings = settings ?? Fast,
            PlayerId = playerId,
        });

    public static async Task<List<TurnEvent>> Collect(this HubConnection connection, TurnRequest request, CancellationToken cancellationToken = default)
    {
        var events = new List<TurnEvent>();
        await foreach (var turnEvent in connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn, request, cancellationToken))
        {
            events.Add(turnEvent);
        }

        return events;
    }

    public static async Task<UploadReceipt> Upload(this HubConnection connection, UploadHeader header, byte[] bytes, int chunkBytes = 64 * 1024)
    {
        async IAsyncEnumerable<byte[]> Chunks()
        {
            for (var start = 0; start < bytes.Length; start += chunkBytes)
            {
                yield return bytes[start..Math.Min(bytes.Length, start + chunkBytes)];
                await Task.Yield();
            }
        }

        return await connection.InvokeAsync<UploadReceipt>(NextGptHubMethods.Upload, header, Chunks());
    }

    /// <summary>The checks every complete turn stream passes: one turn id, sequence numbers 0..n-1, started first, one terminal event last.</summary>
    public static void AssertWellFormed(IReadOnlyList<TurnEvent> events)
    {
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(events[0].TurnId, e.TurnId));
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Single(events, e => e is TurnCompleted or TurnFailed);
        Assert.True(events[^1] is TurnCompleted or TurnFailed);
    }
}
