using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Server.Hubs;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using Xunit.Abstractions;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>
/// The /preview page in a real browser (chromium via Playwright) against the real server on Kestrel: it spectates a
/// session while a player's turn renders an image, and the preview appears and then changes; its recorder saves the
/// session to an MP4. Screenshots go to the test output folder (artifacts/).
/// </summary>
public sealed class PreviewPageTests(KestrelServer server, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<KestrelServer>, IClassFixture<ChromiumBrowser>
{
    // 8 steps with a preview every 2: four refinements for the page to show.
    private static readonly SessionSettings Settings = new() { MaxTokens = 16, DiffusionSteps = 8, ImageWidth = 64, Seed = 5 };

    // A picture's pixels (redrawn through a canvas), so pictures are compared by content, not by their object URLs.
    private const string Pixels = "i => { const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight; " +
        "c.getContext('2d').drawImage(i, 0, 0); return c.toDataURL(); }";

    [Fact]
    public async Task The_page_spectates_a_turn_and_shows_an_image_preview_that_appears_then_changes()
    {
        await using var player = await server.ConnectAsync();
        var session = await player.CreateSession(Settings, playerId: "ada");
        var page = await OpenAsync(session.SessionId);

        var events = await player.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "paint the lighthouse at dusk", PlayerId = "ada", RequiredOutputs = [Modality.Image],
        });
        await page.WaitForFunctionAsync("document.getElementById('image-current').dataset.label === 'final'", null, new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("document.querySelector('#transcript .turn footer') !== null", null, new() { Timeout = 10_000 });
        var labels = await page.EvalOnSelectorAllAsync<string[]>("#image-strip img", "imgs => imgs.map(i => i.alt)");
        var pixels = await page.EvalOnSelectorAllAsync<string[]>("#image-strip img", $"imgs => imgs.map({Pixels})");
        var current = await page.EvalOnSelectorAsync<string>("#image-current", Pixels);
        var transcript = await page.InnerTextAsync("#transcript");
        await ScreenshotAsync(page, "preview-image-turn.png");

        HubClient.AssertWellFormed(events);
        output.WriteLine(string.Join(", ", ((TurnCompleted)events[^1]).StageMilliseconds.Select(p => $"{p.Key} {p.Value:F0} ms")));
        Assert.True(labels.Length >= 2, $"the page showed {labels.Length} pictures: {string.Join(", ", labels)}");
        Assert.StartsWith("step ", labels[0], StringComparison.Ordinal);           // a preview appeared first...
        Assert.Equal("final", labels[^1]);
        Assert.NotEqual(pixels[0], pixels[^1]);                                     // ...and the picture changed
        Assert.Equal(pixels[^1], current);
        Assert.Contains("generated tokens", transcript, StringComparison.Ordinal);
        var completed = Assert.IsType<TurnCompleted>(events[^1]);
        Assert.Contains(completed.Text.Trim(), transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_recorder_saves_the_watched_session_as_an_mp4()
    {
        await using var player = await server.ConnectAsync();
        var session = await player.CreateSession(new SessionSettings { MaxTokens = 16, DiffusionSteps = 4, ImageWidth = 64, Seed = 5 });
        var page = await OpenAsync(session.SessionId);

        await page.ClickAsync("#record-start");
        await page.WaitForFunctionAsync("document.getElementById('record-status').dataset.state === 'recording'");
        await player.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "ring the bell", RequiredOutputs = [Modality.Image, Modality.Audio],
        });
        await page.WaitForFunctionAsync("document.getElementById('audio-meta').textContent.includes('done')", null, new() { Timeout = 30_000 });
        await page.ClickAsync("#record-stop");
        await page.WaitForSelectorAsync("#record-download:not([hidden])", new() { Timeout = 30_000 });
        var href = await page.GetAttributeAsync("#record-download", "href");
        var status = await page.InnerTextAsync("#record-status");
        await ScreenshotAsync(page, "preview-recording.png");
        using var http = new HttpClient { BaseAddress = new Uri(page.Url) };
        var mp4 = await http.GetByteArrayAsync(href);

        Assert.StartsWith("saved", status, StringComparison.Ordinal);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(mp4, 4, 4));
        var path = Path.Combine(ArtifactFolder(), "preview-recording.mp4");
        await File.WriteAllBytesAsync(path, mp4);
        var probe = await FFMpegCore.FFProbe.AnalyseAsync(path);
        Assert.Single(probe.VideoStreams);
        Assert.Single(probe.AudioStreams);
    }

    [Fact]
    public async Task Video_frames_play_at_their_timestamps_and_audio_chunks_draw_a_waveform()
    {
        // No served model renders clips yet, so the events go out the way TurnRelay sends every event: to the session's
        // group through the hub context (real MessagePack, real SignalR), with the wire contract's fields.
        await using var player = await server.ConnectAsync();
        var session = await player.CreateSession(Settings);
        var page = await OpenAsync(session.SessionId);
        var group = server.Services.GetRequiredService<IHubContext<NextGptHub, INextGptClient>>().Clients.Group(session.SessionId);
        var sequence = 0L;
        async Task Send(TurnEvent turnEvent)
        {
            turnEvent.TurnId = "clip";
            turnEvent.Sequence = sequence++;
            await group.OnTurnEvent(session.SessionId, turnEvent);
        }

        await Send(new TurnStarted { SessionId = session.SessionId });
        await Send(new MediaStarted { PartId = 1, Modality = Modality.Video, Width = 64, Height = 64, FrameCount = 3, Rate = 10 });
        (byte, byte, byte)[] colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200)];
        for (var i = 0; i < colours.Length; i++)
        {
            await Send(new VideoFrame { PartId = 1, FrameIndex = i, TimestampMilliseconds = 100 * i, Png = Solid(64, 64, colours[i]) });
        }

        await Send(new MediaCompleted { PartId = 1, Modality = Modality.Video, Milliseconds = 300 });
        await Send(new MediaStarted { PartId = 2, Modality = Modality.Audio, Rate = 16000 });
        await Send(new AudioChunk { PartId = 2, FirstSample = 0, Pcm16 = Sine(8000) });
        await Send(new AudioChunk { PartId = 2, FirstSample = 8000, Pcm16 = Sine(8000) });
        await Send(new MediaCompleted { PartId = 2, Modality = Modality.Audio, Milliseconds = 500 });
        await page.WaitForFunctionAsync("document.getElementById('video-progress').dataset.state === 'done'", null, new() { Timeout = 10_000 });
        await page.WaitForFunctionAsync("document.getElementById('audio-meta').textContent.includes('done')", null, new() { Timeout = 10_000 });
        var videoMeta = await page.InnerTextAsync("#video-meta");
        var centre = await page.EvalOnSelectorAsync<int[]>("#video-canvas", "c => Array.from(c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data)");
        var audioMeta = await page.InnerTextAsync("#audio-meta");
        var inked = await page.EvalOnSelectorAsync<int>("#audio-wave",
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
        await ScreenshotAsync(page, "preview-video-audio.png");

        Assert.Contains("3 of 3 frames received · 3 shown", videoMeta, StringComparison.Ordinal);
        Assert.Equal([30, 30, 200, 255], centre);                                   // the last frame is on screen
        Assert.StartsWith("1.00 s", audioMeta, StringComparison.Ordinal);           // 16,000 samples at 16 kHz
        Assert.True(inked > 1000, $"the waveform drew {inked} pixels");
    }

    // The page spectating the session: the status line says so once Spectate returned.
    private async Task<IPage> OpenAsync(string sessionId)
    {
        var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1360, Height = 1000 } });
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        await page.GotoAsync(new Uri(server.BaseAddress, $"/preview?session={sessionId}").ToString());
        await page.WaitForFunctionAsync("document.body.dataset.state === 'live'", null, new() { Timeout = 15_000 });
        return page;
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ArtifactFolder(), name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    private static byte[] Solid(int width, int height, (byte R, byte G, byte B) colour)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2]) = colour;
        }

        return ImageEncoder.EncodePng(new RgbImage(width, height, pixels));
    }

    private static byte[] Sine(int samples)
    {
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(12000 * Math.Sin(2 * Math.PI * 330 * i / 16000.0));
            pcm[2 * i] = (byte)value;
            pcm[(2 * i) + 1] = (byte)(value >> 8);
        }

        return pcm;
    }

    private static string ArtifactFolder() => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
}
