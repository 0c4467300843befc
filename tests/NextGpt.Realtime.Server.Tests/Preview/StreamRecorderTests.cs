using System.Net;
using System.Net.Http.Json;
using FFMpegCore;
using Microsoft.Extensions.DependencyInjection;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Server.Preview;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>
/// The MP4 recorder on the real server: a turn with an image and a sound becomes an MP4 whose streams (H.264 video,
/// 16 kHz mono AAC, captions) and duration ffprobe confirms; the same through the /preview page's HTTP API.
/// </summary>
public sealed class StreamRecorderTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static readonly SessionSettings Settings = new() { MaxTokens = 16, DiffusionSteps = 6, ImageWidth = 64, Seed = 11 };

    [Fact]
    public async Task A_recorded_turn_with_image_and_audio_probes_with_video_audio_and_the_timeline_duration()
    {
        var recordings = server.Services.GetRequiredService<StreamRecordings>();
        await using var player = await server.ConnectAsync();
        var session = await player.CreateSession(Settings);

        var recording = recordings.Start(session.SessionId);
        var events = await player.Collect(ImageAndSound(session.SessionId));
        var file = await recordings.StopAsync(recording.Id);

        HubClient.AssertWellFormed(events);
        Assert.NotNull(file);
        Assert.Equal(events.Count, recording.EventCount);
        var audioSeconds = events.OfType<AudioChunk>().Sum(c => c.Pcm16.Length / 2) / 16000.0;
        Assert.True(audioSeconds > 0 && events.OfType<ImageCompleted>().Any(), $"the turn must produce an image and a sound: {string.Join(", ", events.Select(e => e.GetType().Name).Distinct())} {(events[^1] as TurnFailed)?.Message}");
        var probe = await FFProbe.AnalyseAsync(file.Path);
        var video = Assert.Single(probe.VideoStreams);
        var audio = Assert.Single(probe.AudioStreams);
        Assert.Equal("h264", video.CodecName);
        Assert.True(video.Width >= 256 && video.Height >= 256, $"video {video.Width}x{video.Height}");
        Assert.Equal(("aac", 16000, 1), (audio.CodecName, audio.SampleRateHz, audio.Channels));
        Assert.Equal(file.HasCaptions ? 1 : 0, probe.SubtitleStreams.Count);
        Assert.InRange(probe.Duration.TotalSeconds, file.Duration.TotalSeconds - 0.1, file.Duration.TotalSeconds + 0.1);
        Assert.True(audio.Duration.TotalSeconds >= audioSeconds - 0.05, $"audio track {audio.Duration.TotalSeconds:F3} s < {audioSeconds:F3} s generated");
    }

    [Fact]
    public async Task The_preview_api_starts_stops_and_serves_a_recording()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await using var player = await server.ConnectAsync();
        var session = await player.CreateSession(Settings);

        var started = await http.PostAsync($"/preview/api/sessions/{session.SessionId}/recordings", null);
        var id = (await started.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString();
        await player.Collect(ImageAndSound(session.SessionId));
        var stopped = await http.PostAsync($"/preview/api/recordings/{id}/stop", null);
        var summary = await stopped.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        var mp4 = await http.GetByteArrayAsync(summary!["url"].GetString());

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.True(summary["hasAudio"].GetBoolean());
        Assert.Equal(summary["bytes"].GetInt64(), mp4.Length);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(mp4, 4, 4));
    }

    [Fact]
    public async Task The_preview_api_answers_bad_requests_with_a_status_and_a_message()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await using var player = await server.ConnectAsync();
        var session = await player.CreateSession(Settings);

        var unknownSession = await http.PostAsync("/preview/api/sessions/nope/recordings", null);
        var unknownStop = await http.PostAsync("/preview/api/recordings/nope/stop", null);
        var unknownFile = await http.GetAsync("/preview/api/recordings/nope.mp4");
        var started = await http.PostAsync($"/preview/api/sessions/{session.SessionId}/recordings", null);
        var id = (await started.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString();
        var empty = await http.PostAsync($"/preview/api/recordings/{id}/stop", null);

        Assert.Equal(HttpStatusCode.NotFound, unknownSession.StatusCode);
        Assert.Contains("no session 'nope'", await unknownSession.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownStop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownFile.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("nothing to write", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static TurnRequest ImageAndSound(string sessionId) => new()
    {
        SessionId = sessionId, Text = "show me the harbour and let me hear the gulls", RequiredOutputs = [Modality.Image, Modality.Audio],
    };
}
