using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>The read-only join the /preview page uses: a spectator sees every event of the group and can do nothing else.</summary>
public sealed class SpectatorTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    [Fact]
    public async Task A_spectator_receives_a_players_turn_event_for_event_and_is_not_a_player()
    {
        await using var player = await server.ConnectAsync();
        await using var spectator = await server.ConnectAsync();
        var session = await player.CreateSession(playerId: "ada");
        var seen = new List<TurnEvent>();
        var done = new TaskCompletionSource();
        spectator.On<string, TurnEvent>(nameof(INextGptClient.OnTurnEvent), (sessionId, turnEvent) =>
        {
            lock (seen)
            {
                seen.Add(turnEvent);
            }

            if (turnEvent is TurnCompleted or TurnFailed)
            {
                done.TrySetResult();
            }
        });

        var info = await spectator.InvokeAsync<SessionInfo>(NextGptSpectatorHubMethods.Spectate, session.SessionId);
        var events = await player.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hello", PlayerId = "ada", AllowedOutputs = [Modality.Text] });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("Mira", 0), (info.Persona.Name, info.TurnCount));
        Assert.Equal(events.Select(e => (e.TurnId, e.Sequence, e.GetType())), seen.Select(e => (e.TurnId, e.Sequence, e.GetType())));
        Assert.Equal(["ada"], server.Session(session.SessionId).Players);
    }

    [Fact]
    public async Task A_spectating_connection_cannot_start_cancel_or_upload()
    {
        await using var player = await server.ConnectAsync();
        await using var spectator = await server.ConnectAsync();
        var session = await player.CreateSession();
        await spectator.InvokeAsync<SessionInfo>(NextGptSpectatorHubMethods.Spectate, session.SessionId);

        var refused = await spectator.Collect(new TurnRequest { SessionId = session.SessionId, Text = "let me play" });
        var cancel = await Assert.ThrowsAsync<HubException>(() => spectator.InvokeAsync(NextGptHubMethods.CancelTurn, session.SessionId, "t"));
        var upload = await Assert.ThrowsAsync<HubException>(() => spectator.Upload(
            new UploadHeader { SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = 4 }, [1, 2, 3, 4]));

        var failed = Assert.IsType<TurnFailed>(Assert.Single(refused));
        Assert.Equal(ErrorCode.Unauthorized, failed.Code);
        Assert.Contains("spectator", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Unauthorized:", cancel.Message, StringComparison.Ordinal);
        Assert.Contains("Unauthorized:", upload.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Session(session.SessionId).TurnCount);
    }

    [Fact]
    public async Task Spectating_an_unknown_session_is_NotFound()
    {
        await using var spectator = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => spectator.InvokeAsync<SessionInfo>(NextGptSpectatorHubMethods.Spectate, "no-such-session"));

        Assert.Contains("NotFound:", error.Message, StringComparison.Ordinal);
    }
}
