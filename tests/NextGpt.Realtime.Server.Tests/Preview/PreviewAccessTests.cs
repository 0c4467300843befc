using System.Net;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>With API keys configured the page's files stay public (they hold no secrets) and its API needs a key.</summary>
public sealed class PreviewAccessTests(LimitedServer server) : IClassFixture<LimitedServer>
{
    [Fact]
    public async Task The_page_is_public_and_its_api_takes_the_key_as_header_or_access_token()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var page = await http.GetAsync("/preview/");
        var anonymous = await http.GetAsync("/preview/api/sessions");
        var wrong = await http.GetAsync("/preview/api/sessions?access_token=not-a-key");
        var query = await http.GetAsync($"/preview/api/sessions?access_token={LimitedServer.Key}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/preview/api/sessions") { Headers = { { "X-Api-Key", LimitedServer.Key } } };
        var header = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
    }
}
