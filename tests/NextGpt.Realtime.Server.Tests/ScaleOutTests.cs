using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>
/// Scale-out over a real redis-server (started by the test on its own free port) and two real server processes on
/// loopback: a session's group spans both nodes, a turn begun or cancelled on one node stops the session's turn running on
/// the other, and after one node dies the session goes on, with its history, on the other.
/// </summary>
public sealed class ScaleOutTests
{
    // Slow enough (50 steps at 256 x 256) to be caught while the image is denoised.
    private static readonly SessionSettings Settings = new() { MaxTokens = 12, DiffusionSteps = 50, ImageWidth = 256, Seed = 5 };

    [RedisFact]
    public async Task A_group_spans_two_nodes_turns_stop_across_them_and_a_session_survives_losing_its_node()
    {
        await using var redis = await RedisProcess.StartAsync();
        var prefix = $"test-{Guid.NewGuid():N}";
        var nodes = await Task.WhenAll(ServerNode.StartAsync(redis.Port, prefix), ServerNode.StartAsync(redis.Port, prefix));
        await using var nodeA = nodes[0];
        await using var nodeB = nodes[1];

        // Ada creates the session on node A; Bo joins it from node B.
        await using var ada = await nodeA.ConnectAsync();
        var session = await ada.CreateSession(Settings, playerId: "ada");
        await using var bo = await nodeB.ConnectAsync();
        var broadcast = new List<TurnEvent>();
        var broadcastDone = new TaskCompletionSource();
        bo.On<string, TurnEvent>(nameof(INextGptClient.OnTurnEvent), (sessionId, turnEvent) =>
        {
            lock (broadcast)
            {
                broadcast.Add(turnEvent);
            }

            if (sessionId == session.SessionId && turnEvent is TurnCompleted or TurnFailed)
            {
                broadcastDone.TrySetResult();
            }
        });
        var joined = await bo.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, session.SessionId, "bo");
        Assert.Equal("Mira", joined.Persona.Name);

        // Ada's turn runs on node A; Bo, on node B, sees the same events through the Redis backplane.
        var first = await ada.Collect(Text(session.SessionId, "ada"));
        await broadcastDone.Task.WaitAsync(TimeSpan.FromSeconds(20));
        HubClient.AssertWellFormed(first);
        var firstTurn = Assert.IsType<TurnCompleted>(first[^1]);
        lock (broadcast)
        {
            Assert.Equal(first.Select(e => (e.TurnId, e.Sequence, e.GetType())), broadcast.Select(e => (e.TurnId, e.Sequence, e.GetType())));
        }

        // Barge-in across nodes: Bo's new turn on node B stops Ada's image turn on node A; then Bo cancels, from node B,
        // another of Ada's turns running on node A.
        var bargedIn = await RunUntilDenoising(ada, session.SessionId, async () =>
            Assert.IsType<TurnCompleted>((await bo.Collect(Text(session.SessionId, "bo")))[^1]));
        var cancelled = await RunUntilDenoising(ada, session.SessionId, async turnId =>
            await bo.InvokeAsync(NextGptHubMethods.CancelTurn, session.SessionId, turnId));
        Assert.True(Assert.IsType<TurnCompleted>(bargedIn[^1]).Cancelled);
        Assert.True(Assert.IsType<TurnCompleted>(cancelled[^1]).Cancelled);
        Assert.DoesNotContain(bargedIn.Concat(cancelled), e => e is ImageCompleted);

        // Node A dies. Ada reconnects to node B, finds the session with its four exchanges, and the next turn reads them.
        await nodeA.KillAsync();
        await using var adaAgain = await nodeB.ConnectAsync();
        var rejoined = await adaAgain.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, session.SessionId, "ada");
        var second = await adaAgain.Collect(Text(session.SessionId, "ada"));

        Assert.Equal(4, rejoined.TurnCount);
        var secondTurn = Assert.IsType<TurnCompleted>(second[^1]);
        // The same words, now after the earlier exchanges: a longer prompt.
        Assert.True(secondTurn.PromptTokens > firstTurn.PromptTokens + 8,
            $"the second prompt ({secondTurn.PromptTokens} tokens) should carry the earlier exchanges ({firstTurn.PromptTokens} tokens without them)");
        var after = await adaAgain.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, session.SessionId, "ada");
        Assert.Equal(5, after.TurnCount);
    }

    private static TurnRequest Text(string sessionId, string playerId) =>
        new() { SessionId = sessionId, Text = "hello", PlayerId = playerId, AllowedOutputs = [Modality.Text] };

    // Starts an image turn of Ada's, runs `interrupt` (with the turn's id) once its image is being denoised, and returns
    // the turn's events.
    private static async Task<List<TurnEvent>> RunUntilDenoising(HubConnection ada, string sessionId, Func<string, Task> interrupt)
    {
        var events = new List<TurnEvent>();
        var interrupted = false;
        await foreach (var turnEvent in ada.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn, new TurnRequest
        {
            SessionId = sessionId, Text = "draw the harbour", PlayerId = "ada", AllowedOutputs = [Modality.Image], RequiredOutputs = [Modality.Image],
        }))
        {
            events.Add(turnEvent);
            if (turnEvent is ImagePreview && !interrupted)
            {
                interrupted = true;
                await interrupt(turnEvent.TurnId);
            }
        }

        Assert.True(interrupted, "the image turn ended before it could be interrupted");
        return events;
    }

    private static Task<List<TurnEvent>> RunUntilDenoising(HubConnection ada, string sessionId, Func<Task> interrupt) =>
        RunUntilDenoising(ada, sessionId, _ => interrupt());
}
