using System.Net;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>The /preview page's files come from the server assembly (built by npm + esbuild at build time).</summary>
public sealed class PreviewPageServingTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    [Fact]
    public async Task Preview_redirects_to_its_folder_keeping_the_query_and_serves_the_page_and_its_bundle()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        var redirect = await http.GetAsync("/preview?session=abc");
        var page = await http.GetAsync("/preview/");
        var script = await http.GetAsync("/preview/preview.js");
        var style = await http.GetAsync("/preview/preview.css");
        var missing = await http.GetAsync("/preview/secrets.txt");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/preview/?session=abc", redirect.Headers.Location!.ToString());
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script src=\"preview.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("OnTurnEvent", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_session_list_names_live_sessions()
    {
        await using var player = await server.ConnectAsync();
        var session = await player.CreateSession();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var list = await http.GetStringAsync("/preview/api/sessions");

        Assert.Contains($"\"id\":\"{session.SessionId}\"", list, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Mira\"", list, StringComparison.Ordinal);
    }
}
