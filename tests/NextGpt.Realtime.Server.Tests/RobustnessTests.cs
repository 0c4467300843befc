using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>Malformed and hostile input is answered with a clear error and harms neither the server nor other sessions.</summary>
public sealed class RobustnessTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    [Fact]
    public async Task Bad_requests_get_a_coded_answer_while_another_session_keeps_streaming()
    {
        await using var healthyConnection = await server.ConnectAsync();
        var healthySession = await healthyConnection.CreateSession(new SessionSettings { MaxTokens = 48, Seed = 1 });
        var healthy = healthyConnection.Collect(new TurnRequest { SessionId = healthySession.SessionId, Text = "tell me about the town", AllowedOutputs = [Modality.Text] });
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();

        var unknown = await connection.Collect(new TurnRequest { SessionId = "nope", Text = "hi" });
        var empty = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = " " });
        var huge = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = new string('a', 5000) });
        var badModality = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hi", RequiredOutputs = [(Modality)42] });
        var wrongTypes = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync<SessionInfo>(NextGptHubMethods.CreateSession, [42, "x"]));
        var badPersona = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SessionInfo>(NextGptHubMethods.CreateSession, new CreateSessionRequest()));
        var nullRequest = await connection.Collect(null!);
        await RawGarbage();

        Assert.Equal(ErrorCode.NotFound, Assert.IsType<TurnFailed>(Assert.Single(unknown)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.IsType<TurnFailed>(Assert.Single(empty)).Code);
        Assert.Equal(ErrorCode.TooLarge, Assert.IsType<TurnFailed>(Assert.Single(huge)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.IsType<TurnFailed>(Assert.Single(badModality)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.IsType<TurnFailed>(Assert.Single(nullRequest)).Code);
        Assert.Contains("Failed to invoke 'CreateSession'", wrongTypes.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidArgument:", badPersona.Message, StringComparison.Ordinal);
        var events = await healthy;
        HubClient.AssertWellFormed(events);
        Assert.False(Assert.IsType<TurnCompleted>(events[^1]).Cancelled);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task Sixteen_sessions_stream_concurrently_and_all_complete()
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => server.ConnectAsync()));
        try
        {
            var turns = connections.Select(async (connection, i) =>
            {
                var session = await connection.CreateSession(new SessionSettings { MaxTokens = 24, Seed = i });
                return await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = $"hello number {i}", AllowedOutputs = [Modality.Text] });
            });

            var results = await Task.WhenAll(turns);

            Assert.All(results, events =>
            {
                HubClient.AssertWellFormed(events);
                Assert.False(Assert.IsType<TurnCompleted>(events[^1]).Cancelled);
            });
            Assert.Equal(16, results.Select(r => r[0].TurnId).Distinct().Count());
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_second_player_in_the_group_receives_the_npc_turn_with_attribution_in_the_history()
    {
        await using var ada = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        var session = await ada.CreateSession(playerId: "ada");
        await bob.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, session.SessionId, "bob");
        var broadcast = new List<TurnEvent>();
        var done = new TaskCompletionSource();
        bob.On<string, TurnEvent>(nameof(INextGptClient.OnTurnEvent), (sessionId, turnEvent) =>
        {
            Assert.Equal(session.SessionId, sessionId);
            lock (broadcast)
            {
                broadcast.Add(turnEvent);
            }

            if (turnEvent is TurnCompleted or TurnFailed)
            {
                done.TrySetResult();
            }
        });

        var events = await ada.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hi there", PlayerId = "ada", AllowedOutputs = [Modality.Text] });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(events.Select(e => (e.TurnId, e.Sequence, e.GetType())), broadcast.Select(e => (e.TurnId, e.Sequence, e.GetType())));
        Assert.Equal("ada", Assert.Single(server.Session(session.SessionId).History()).PlayerId);
        Assert.Equal("ada: hi there", server.Session(session.SessionId).PromptHistory()[0].User);
    }

    // A frame that is not MessagePack at all, after a valid handshake: the server drops that connection only.
    private async Task RawGarbage()
    {
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = NextGptHubRoutes.Path }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"messagepack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.SendAsync(new byte[] { 0x05, 0xc1, 0xc1, 0xc1, 0xc1, 0xc1 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (WebSocketException)
        {
            // Closed by the server: what a malformed frame deserves.
        }
    }
}
