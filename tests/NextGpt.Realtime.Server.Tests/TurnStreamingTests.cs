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
    [Fact]
    public async Task A_text_turn_streams_started_deltas_and_completed_in_sequence()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();

        var events = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hello, who are you?", AllowedOutputs = [Modality.Text] });

        HubClient.AssertWellFormed(events);
        Assert.IsType<TurnStarted>(events[0]);
        var completed = Assert.IsType<TurnCompleted>(events[^1]);
        Assert.False(completed.Cancelled);
        Assert.Equal(completed.Text, string.Concat(events.OfType<TextDelta>().Select(d => d.Text)).Trim());
        Assert.All(events.OfType<TextDelta>(), d => Assert.Equal(TurnEvent.TextPartId, d.PartId));
        Assert.DoesNotContain(events, e => e is MediaStarted);
        Assert.InRange(completed.GeneratedTokens, 1, 16);
        Assert.True(completed.PromptTokens > 10);
        Assert.Superset(new HashSet<string> { "queue", "prefill", "first_token", "llm", "total" }, completed.StageMilliseconds.Keys.ToHashSet());
    }

    [Fact]
    public async Task A_required_image_streams_previews_then_a_png_in_its_own_part()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();

        var events = await connection.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "draw me a red circle", AllowedOutputs = [Modality.Image], RequiredOutputs = [Modality.Image],
        });

        HubClient.AssertWellFormed(events);
        var kinds = events.Select(e => e.GetType().Name).ToList();
        var started = Assert.Single(events.OfType<MediaStarted>());
        Assert.Equal((Modality.Image, 1, 64, 64), (started.Modality, started.PartId, started.Width, started.Height));
        var previews = events.OfType<ImagePreview>().ToList();
        Assert.NotEmpty(previews);
        Assert.All(previews, p => Assert.True(p.Step < p.TotalSteps));
        Assert.True(ImageDecoder.Decode(previews[0].Png).Width > 0);
        var final = events.OfType<ImageCompleted>().Single();
        var image = ImageDecoder.Decode(final.Png);
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.True(kinds.IndexOf(nameof(MediaStarted)) < kinds.IndexOf(nameof(ImageCompleted)));
        // Text may go on while the image renders (pipelining), so only the image's own events are ordered here.
        Assert.True(kinds.IndexOf(nameof(ImageCompleted)) < kinds.IndexOf(nameof(MediaCompleted)));
        Assert.Equal(nameof(TurnCompleted), kinds[^1]);
        Assert.All(events.Where(e => e is MediaStarted or ImagePreview or ImageCompleted or MediaCompleted), e => Assert.Equal(1, e.PartId));
        Assert.Contains("image", Assert.IsType<TurnCompleted>(events[^1]).StageMilliseconds.Keys);
    }

    [Fact]
    public async Task A_required_sound_streams_pcm16_chunks_at_16_kHz()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession(HubClient.Fast);

        var events = await connection.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "play a high chime", AllowedOutputs = [Modality.Audio], RequiredOutputs = [Modality.Audio],
        });

        HubClient.AssertWellFormed(events);
        var started = Assert.Single(events.OfType<MediaStarted>());
        Assert.Equal((Modality.Audio, 16000), (started.Modality, started.Rate));
        var chunks = events.OfType<AudioChunk>().ToList();
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.Equal(16000, c.SampleRate));
        // Contiguous: each chunk starts where the one before ended; 5 s of audio in total (the turn's default length).
        Assert.Equal(chunks.Select(c => c.FirstSample), chunks.Select((c, i) => (long)chunks.Take(i).Sum(p => p.Pcm16.Length / 2)));
        Assert.Equal(5 * 16000, chunks.Sum(c => c.Pcm16.Length / 2));
        Assert.True(events.IndexOf(chunks[^1]) < events.FindIndex(e => e is MediaCompleted));
        Assert.IsType<TurnCompleted>(events[^1]);
    }

    [Fact]
    public async Task Text_of_another_turn_keeps_streaming_while_an_image_is_denoised()
    {
        await using var connection = await server.ConnectAsync();
        // The longest image a session may ask for (50 steps at 256 px) against a short text turn: if the worker served the
        // turns one after the other, the text could only finish after ImageCompleted. Once the text is done the image is
        // cancelled, so the test does not wait for the rest of the denoising and its outcome does not hang on timing.
        var imageSession = await connection.CreateSession(new SessionSettings { MaxTokens = 8, DiffusionSteps = 50, ImageWidth = 256, Seed = 3 });
        var textSession = await connection.CreateSession(new SessionSettings { MaxTokens = 6, Seed = 4 });
        var arrivals = new List<(string Turn, TurnEvent Event)>();
        var mediaStarted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var textCompleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Read(string name, TurnRequest request)
        {
            await foreach (var e in connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn, request))
            {
                lock (arrivals)
                {
                    arrivals.Add((name, e));
                }

                if (e is MediaStarted)
                {
                    mediaStarted.TrySetResult(e.TurnId);
                }

                if (name == "text" && e is TurnCompleted)
                {
                    textCompleted.TrySetResult();
                }
            }
        }

        var image = Read("image", new TurnRequest { SessionId = imageSession.SessionId, Text = "draw a tower", AllowedOutputs = [Modality.Image], RequiredOutputs = [Modality.Image] });
        var imageTurnId = await mediaStarted.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var text = Read("text", new TurnRequest { SessionId = textSession.SessionId, Text = "tell me a story", AllowedOutputs = [Modality.Text] });
        await Task.WhenAny(textCompleted.Task, image);
        try
        {
            await connection.InvokeAsync(NextGptHubMethods.CancelTurn, imageSession.SessionId, imageTurnId);
        }
        catch (HubException refusal) when (refusal.Message.Contains("is not running", StringComparison.Ordinal))
        {
            // The image finished first: the order assertion below reports it.
        }

        await Task.WhenAll(image, text);

        var order = arrivals.Select(a => (a.Turn, a.Event.GetType().Name)).ToList();
        var textDone = order.IndexOf(("text", nameof(TurnCompleted)));
        var imageDone = order.IndexOf(("image", nameof(ImageCompleted)));
        Assert.True(textDone >= 0, "the text turn did not complete: " + string.Join(", ", order));
        Assert.True(imageDone < 0 || textDone < imageDone, "the text turn should finish while the image is still being denoised: " + string.Join(", ", order));
    }

    [Fact]
    public async Task Cancelling_a_turn_stops_it_within_a_step_and_the_history_keeps_what_was_seen()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession(new SessionSettings { MaxTokens = 8, DiffusionSteps = 50, ImageWidth = 256 });
        var events = new List<TurnEvent>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        await foreach (var turnEvent in connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn,
                           new TurnRequest { SessionId = session.SessionId, Text = "draw me a star", AllowedOutputs = [Modality.Image], RequiredOutputs = [Modality.Image] }))
        {
            events.Add(turnEvent);
            if (turnEvent is ImagePreview && cancelledAt == TimeSpan.Zero)
            {
                cancelledAt = clock.Elapsed;
                await connection.InvokeAsync(NextGptHubMethods.CancelTurn, session.SessionId, turnEvent.TurnId);
            }
        }

        var latency = clock.Elapsed - cancelledAt;
        HubClient.AssertWellFormed(events);
        Assert.True(Assert.IsType<TurnCompleted>(events[^1]).Cancelled);
        Assert.DoesNotContain(events, e => e is ImageCompleted);
        // Within a step or two: at most one more preview (previews come every 2 steps) after the cancel took effect.
        Assert.True(events.SkipWhile(e => e is not ImagePreview).Skip(1).Count(e => e is ImagePreview) <= 1);
        Assert.True(latency < TimeSpan.FromSeconds(5), $"cancel took {latency.TotalMilliseconds:0} ms");

        await connection.InvokeAsync(NextGptHubMethods.ReportPlayback,
            new PlaybackReport { SessionId = session.SessionId, TurnId = events[0].TurnId, TextCharactersShown = 0, CompletedPartIds = [] });
        var history = server.Session(session.SessionId).History();
        var exchange = Assert.Single(history);
        Assert.True(exchange.Cancelled);
        Assert.Equal("", exchange.ReplyText);
        Assert.Empty(exchange.OutputParts);
    }

    [Fact]
    public async Task A_new_turn_in_the_same_session_barges_in_on_the_running_one()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession(new SessionSettings { MaxTokens = 8, DiffusionSteps = 50, ImageWidth = 256 });
        var first = connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "draw a castle", AllowedOutputs = [Modality.Image], RequiredOutputs = [Modality.Image] });
        await Task.Delay(300);

        var second = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "never mind", AllowedOutputs = [Modality.Text] });

        var interrupted = await first;
        Assert.True(Assert.IsType<TurnCompleted>(interrupted[^1]).Cancelled);
        Assert.False(Assert.IsType<TurnCompleted>(second[^1]).Cancelled);
    }
}
