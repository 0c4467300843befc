using System.Net;
using System.Net.Http.Json;
using NextGpt.Realtime.Server.Health;
using NextGpt.Realtime.Server.Observability;

namespace NextGpt.Realtime.Server.Tests;

public sealed class HealthEndpointTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    [Fact]
    public async Task Health_reports_the_loaded_model_device_and_load()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync(HealthEndpoint.Path);
        var report = await response.Content.ReadFromJsonAsync<HealthReport>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(report);
        Assert.Equal("ok", report.Status);
        Assert.True(report.ModelLoaded);
        Assert.StartsWith("2.10", report.LibTorch, StringComparison.Ordinal);
        Assert.Equal("cpu", report.Device);
        Assert.Contains("untrained", report.Model, StringComparison.Ordinal);
        Assert.Equal(0, report.QueueDepth);
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_format_with_the_turn_instruments()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();
        await connection.Collect(new Contracts.Turns.TurnRequest { SessionId = session.SessionId, Text = "hi", AllowedOutputs = [Contracts.Primitives.Modality.Text] });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        // The meter adapter publishes measurements on its own schedule: read until the turn shows (or give up).
        var text = "";
        for (var attempt = 0; attempt < 40 && !text.Contains("nextgpt_turns", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(250);
            text = await client.GetStringAsync(MetricsEndpoint.Path);
        }

        Assert.Contains("nextgpt_turns", text, StringComparison.Ordinal);
        Assert.Contains("nextgpt_time_to_first_token", text, StringComparison.Ordinal);
        Assert.Contains("nextgpt_queue_wait", text, StringComparison.Ordinal);
        Assert.Contains("nextgpt_queue_depth", text, StringComparison.Ordinal);
    }
}
