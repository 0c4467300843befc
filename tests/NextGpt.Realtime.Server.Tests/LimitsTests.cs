using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>A server with API keys, a small turn budget and a one-turn queue, configured as an operator would.</summary>
public sealed class LimitedServer() : KestrelServer(new Dictionary<string, string?>
{
    ["Security:ApiKeys:0:Key"] = LimitedServer.Key,
    ["Security:ApiKeys:0:Name"] = "game",
    ["Security:ApiKeys:0:TurnsPerMinute"] = "3",
    ["Security:ApiKeys:1:Key"] = LimitedServer.BusyKey,
    ["Security:ApiKeys:1:Name"] = "busy",
    ["Security:ApiKeys:1:MaxConcurrentTurns"] = "20",
    ["Security:ApiKeys:1:TurnsPerMinute"] = "600",
    ["Inference:QueueCapacity"] = "1",
    ["Inference:MaxActiveTurns"] = "1",
})
{
    public const string Key = "test-key-1";
    public const string BusyKey = "test-key-2";
}

/// <summary>Authentication, per-key rate limits and the bounded queue.</summary>
public sealed class LimitsTests(LimitedServer server) : IClassFixture<LimitedServer>
{
    [Fact]
    public async Task Without_a_valid_key_the_hub_refuses_to_connect()
    {
        var none = await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.ConnectAsync());
        var wrong = await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.ConnectAsync("not-a-key"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task A_key_over_its_turn_rate_is_answered_rate_limited_with_a_retry_hint()
    {
        await using var connection = await server.ConnectAsync(LimitedServer.Key);
        var session = await connection.CreateSession();
        var answers = new List<TurnEvent>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hi", AllowedOutputs = [Modality.Text] }))[^1]);
        }

        Assert.All(answers.Take(3), a => Assert.IsType<TurnCompleted>(a));
        var limited = Assert.IsType<TurnFailed>(answers[3]);
        Assert.Equal(ErrorCode.RateLimited, limited.Code);
        Assert.True(limited.RetryAfterMilliseconds > 0);
    }

    [Fact]
    public async Task A_full_queue_answers_busy_at_once_with_a_retry_hint()
    {
        await using var first = await server.ConnectAsync(LimitedServer.BusyKey);
        await using var second = await server.ConnectAsync(LimitedServer.BusyKey);
        await using var third = await server.ConnectAsync(LimitedServer.BusyKey);
        var slow = new Contracts.Sessions.SessionSettings { MaxTokens = 8, DiffusionSteps = 50, ImageWidth = 256 };
        var running = await first.CreateSession(slow);
        var imageStarted = new TaskCompletionSource<string>();
        var runningTurn = Task.Run(async () =>
        {
            var events = new List<TurnEvent>();
            await foreach (var e in first.StreamAsync<TurnEvent>(Contracts.Hubs.NextGptHubMethods.StartTurn,
                               new TurnRequest { SessionId = running.SessionId, Text = "draw", AllowedOutputs = [Modality.Image], RequiredOutputs = [Modality.Image] }))
            {
                events.Add(e);
                if (e is MediaStarted)
                {
                    imageStarted.TrySetResult(e.TurnId);
                }
            }

            return events;
        });
        var runningTurnId = await imageStarted.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The model works on one turn at a time here and the queue holds one: the second waits, the third is refused.
        var waiting = await second.CreateSession();
        var queued = second.Collect(new TurnRequest { SessionId = waiting.SessionId, Text = "hi", AllowedOutputs = [Modality.Text] });
        await Task.Delay(300);
        var extra = await third.CreateSession();
        var refused = await third.Collect(new TurnRequest { SessionId = extra.SessionId, Text = "hi" });
        // Let the queued turn in (the image may already have finished, then there is nothing to cancel).
        await first.InvokeAsync(Contracts.Hubs.NextGptHubMethods.CancelTurn, running.SessionId, runningTurnId)
            .ContinueWith(_ => { }, TaskScheduler.Default);

        var busy = Assert.IsType<TurnFailed>(Assert.Single(refused));
        Assert.Equal(ErrorCode.Busy, busy.Code);
        Assert.True(busy.RetryAfterMilliseconds > 0);
        Assert.IsType<TurnCompleted>((await runningTurn)[^1]);
        Assert.False(Assert.IsType<TurnCompleted>((await queued)[^1]).Cancelled);
    }
}
