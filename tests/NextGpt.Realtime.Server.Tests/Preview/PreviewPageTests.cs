using Microsoft.Playwright;
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

    private static string ArtifactFolder() => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
}
