using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>The server as a user starts it: no model configured, so it finds and serves the committed
/// <c>models/nextgpt-tiny</c> above its content root, at the model's own native sizes.</summary>
public sealed class EmbeddedModelServer() : KestrelServer(new Dictionary<string, string?> { ["Model:Untrained"] = "false" });

public sealed class EmbeddedModelTests(EmbeddedModelServer server) : IClassFixture<EmbeddedModelServer>
{
    [Fact]
    public async Task The_embedded_model_is_served_by_default_and_draws_at_its_native_size()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var health = await http.GetStringAsync(new Uri("/health", UriKind.Relative));
        Assert.Contains("nextgpt-tiny", health, StringComparison.Ordinal);

        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession(new SessionSettings { Seed = 3 });
        var events = await connection.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "draw me a large red circle on a sky background", RequiredOutputs = [Modality.Image],
        });

        HubClient.AssertWellFormed(events);
        Assert.NotEmpty(events.OfType<TextDelta>());
        var image = Assert.Single(events.OfType<ImageCompleted>());
        var decoded = ImageDecoder.Decode(image.Png);
        Assert.Equal((64, 64), (decoded.Width, decoded.Height));
    }
}
