using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>
/// Text to video and a turn with every output, over real Kestrel and the real SignalR client, against the served
/// (untrained) model's Zeroscope-shaped decoder: frames arrive one by one in order, each medium in its own part.
/// </summary>
public sealed class VideoTurnTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    [Fact]
    public async Task A_required_clip_streams_its_frames_in_order_then_completes()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession(new SessionSettings { MaxTokens = 40, DiffusionSteps = 4, ImageWidth = 64, VideoFrames = 4, Seed = 5 });

        var events = await connection.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "show me the harbour at dawn", AllowedOutputs = [Modality.Video], RequiredOutputs = [Modality.Video],
        });

        HubClient.AssertWellFormed(events);
        Assert.IsType<TurnStarted>(events[0]);
        var started = Assert.Single(events.OfType<MediaStarted>());
        Assert.Equal((Modality.Video, 1, 64, 64, 4, 8), (started.Modality, started.PartId, started.Width, started.Height, started.FrameCount, started.Rate));
        var frames = events.OfType<VideoFrame>().ToList();
        Assert.Equal([0, 1, 2, 3], frames.Select(f => f.FrameIndex));
        Assert.Equal([0.0, 125.0, 250.0, 375.0], frames.Select(f => f.TimestampMilliseconds));
        Assert.All(frames, f => Assert.Equal((64, 64), (ImageDecoder.Decode(f.Png).Width, ImageDecoder.Decode(f.Png).Height)));
        // Previews of the clip (its middle frame) come while it is denoised, before the first final frame.
        var previews = events.OfType<ImagePreview>().ToList();
        Assert.NotEmpty(previews);
        Assert.True(events.IndexOf(previews[^1]) < events.IndexOf(frames[0]));
        var completed = Assert.Single(events.OfType<MediaCompleted>());
        Assert.Equal(Modality.Video, completed.Modality);
        Assert.True(events.IndexOf(started) < events.IndexOf(frames[0]) && events.IndexOf(frames[^1]) < events.IndexOf(completed));
        Assert.All(events.Where(e => e is MediaStarted or ImagePreview or VideoFrame or MediaCompleted), e => Assert.Equal(1, e.PartId));
        var turn = Assert.IsType<TurnCompleted>(events[^1]);
        Assert.False(turn.Cancelled);
        Assert.Contains("video", turn.StageMilliseconds.Keys);
        Assert.Equal(Modality.Video, Assert.Single(Assert.Single(server.Session(session.SessionId).History()).OutputParts).Modality);
    }

    [Fact]
    public async Task A_turn_with_every_output_streams_text_image_audio_and_video_each_in_its_own_complete_part()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession(new SessionSettings { MaxTokens = 64, DiffusionSteps = 4, ImageWidth = 64, VideoFrames = 3, Seed = 11 });

        var events = await connection.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "paint, sing and film the festival",
            RequiredOutputs = [Modality.Image, Modality.Audio, Modality.Video],
        });

        HubClient.AssertWellFormed(events);
        var turn = Assert.IsType<TurnCompleted>(events[^1]);
        Assert.False(turn.Cancelled);
        Assert.All(events.OfType<TextDelta>(), d => Assert.Equal(TurnEvent.TextPartId, d.PartId));
        var starts = events.OfType<MediaStarted>().ToList();
        // The three required media at least (the model may add more of its own), numbered 1, 2, 3... in start order.
        Assert.Superset(new HashSet<Modality> { Modality.Image, Modality.Audio, Modality.Video }, starts.Select(s => s.Modality).ToHashSet());
        Assert.Equal(Enumerable.Range(1, starts.Count), starts.Select(s => s.PartId));
        foreach (var start in starts)
        {
            // Every event of a part lies between its MediaStarted and its single MediaCompleted.
            var part = events.Where(e => e.PartId == start.PartId).ToList();
            Assert.Same(start, part[0]);
            var end = Assert.Single(part.OfType<MediaCompleted>());
            Assert.Same(end, part[^1]);
            Assert.Equal(start.Modality, end.Modality);
            switch (start.Modality)
            {
                case Modality.Image:
                    Assert.Single(part.OfType<ImageCompleted>());
                    break;
                case Modality.Audio:
                    Assert.Equal(5 * 16000, part.OfType<AudioChunk>().Sum(c => c.Pcm16.Length / 2));
                    break;
                case Modality.Video:
                    Assert.Equal([0, 1, 2], part.OfType<VideoFrame>().Select(f => f.FrameIndex));
                    break;
            }
        }

        Assert.Superset(new HashSet<string> { "image", "audio", "video", "first_token", "llm", "total" }, turn.StageMilliseconds.Keys.ToHashSet());
        Assert.Equal(turn.Text, string.Concat(events.OfType<TextDelta>().Select(d => d.Text)).Trim());
    }
}
