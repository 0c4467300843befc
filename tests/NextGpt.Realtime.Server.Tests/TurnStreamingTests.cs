using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>Turns over real Kestrel with the real .NET SignalR client and MessagePack, against the served (untrained) model.</summary>
public sealed class TurnStreamingTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static readonly SessionSettings Fast = new() { MaxTokens = 16, DiffusionSteps = 4, ImageWidth = 64, Seed = 7 };

    [Fact]
    public async Task A_text_turn_streams_started_deltas_and_completed_in_sequence()
    {
        await using var connection = await server.ConnectAsync();
        var session = await CreateSession(connection);

        var events = await Collect(connection, new TurnRequest { SessionId = session.SessionId, Text = "hello, who are you?" });

        Assert.IsType<TurnStarted>(events[0]);
        var completed = Assert.IsType<TurnCompleted>(events[^1]);
        Assert.False(completed.Cancelled);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal(events[0].TurnId, e.TurnId));
        Assert.Equal(completed.Text, string.Concat(events.OfType<TextDelta>().Select(d => d.Text)).Trim());
        Assert.InRange(completed.GeneratedTokens, 1, 16);
        Assert.Contains("first_token", completed.StageMilliseconds.Keys);
    }

    [Fact]
    public async Task A_required_image_streams_previews_then_a_png_after_the_text()
    {
        await using var connection = await server.ConnectAsync();
        var session = await CreateSession(connection);

        var events = await Collect(connection, new TurnRequest
        {
            SessionId = session.SessionId, Text = "draw me a red circle", RequiredOutputs = [Modality.Image],
        });

        var kinds = events.Select(e => e.GetType().Name).ToList();
        var started = kinds.IndexOf(nameof(MediaStarted));
        Assert.True(started > 0, string.Join(",", kinds));
        Assert.DoesNotContain(nameof(TextDelta), kinds.Skip(started));
        var previews = events.OfType<ImagePreview>().ToList();
        Assert.Equal([1, 3], previews.Select(p => p.Step));
        var image = ImageDecoder.Decode(events.OfType<ImageCompleted>().Single().Png);
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.Equal([nameof(MediaCompleted), nameof(TurnCompleted)], kinds.TakeLast(2));
        Assert.All(events.Where(e => e is MediaStarted or ImagePreview or ImageCompleted or MediaCompleted), e => Assert.Equal(1, e.PartId));
    }

    [Fact]
    public async Task Bad_requests_get_a_coded_failure_while_another_session_keeps_streaming()
    {
        await using var connection = await server.ConnectAsync();
        var session = await CreateSession(connection);
        var healthy = Collect(connection, new TurnRequest { SessionId = session.SessionId, Text = "hello there" });

        var unknown = await Collect(connection, new TurnRequest { SessionId = "nope", Text = "hi" });
        var empty = await Collect(connection, new TurnRequest { SessionId = session.SessionId, Text = " " });
        var huge = await Collect(connection, new TurnRequest { SessionId = session.SessionId, Text = new string('a', 5000) });

        Assert.Equal(ErrorCode.NotFound, Assert.IsType<TurnFailed>(Assert.Single(unknown)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.IsType<TurnFailed>(Assert.Single(empty)).Code);
        Assert.Equal(ErrorCode.TooLarge, Assert.IsType<TurnFailed>(Assert.Single(huge)).Code);
        Assert.IsType<TurnCompleted>((await healthy)[^1]);
        var badPersona = await Assert.ThrowsAsync<HubException>(() =>
            connection.InvokeAsync<SessionInfo>(NextGptHubMethods.CreateSession, new CreateSessionRequest()));
        Assert.Contains("InvalidArgument", badPersona.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_turn_ends_it_promptly_as_cancelled()
    {
        await using var connection = await server.ConnectAsync();
        var session = await CreateSession(connection, new SessionSettings { MaxTokens = 256, DiffusionSteps = 50, ImageWidth = 64 });
        var stream = connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn,
            new TurnRequest { SessionId = session.SessionId, Text = "draw me a star", RequiredOutputs = [Modality.Image] });

        var events = new List<TurnEvent>();
        await foreach (var turnEvent in stream)
        {
            events.Add(turnEvent);
            if (turnEvent is TextDelta or MediaStarted && events.Count == 2)
            {
                await connection.InvokeAsync(NextGptHubMethods.CancelTurn, session.SessionId, turnEvent.TurnId);
            }
        }

        Assert.True(Assert.IsType<TurnCompleted>(events[^1]).Cancelled);
        Assert.DoesNotContain(events, e => e is ImageCompleted);
    }

    private static async Task<SessionInfo> CreateSession(HubConnection connection, SessionSettings? settings = null) =>
        await connection.InvokeAsync<SessionInfo>(NextGptHubMethods.CreateSession, new CreateSessionRequest
        {
            Persona = new Persona { Name = "Mira", Role = "innkeeper", Traits = ["cheerful", "loves gossip"] },
            Settings = settings ?? Fast,
        });

    private static async Task<List<TurnEvent>> Collect(HubConnection connection, TurnRequest request)
    {
        var events = new List<TurnEvent>();
        await foreach (var turnEvent in connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn, request))
        {
            events.Add(turnEvent);
        }

        return events;
    }
}
