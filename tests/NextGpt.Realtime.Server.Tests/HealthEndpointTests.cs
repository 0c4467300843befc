using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NextGpt.Realtime.Server.Health;
using NextGpt.Realtime.Server.Hubs;

namespace NextGpt.Realtime.Server.Tests;

public sealed class HealthEndpointTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public HealthEndpointTests(WebApplicationFactory<Program> factory) => _factory = factory;

    [Fact]
    public async Task Health_ReportsOkWithLibTorchAndDevice()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(HealthEndpoint.Path);
        var report = await response.Content.ReadFromJsonAsync<HealthReport>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(report);
        Assert.Equal("ok", report.Status);
        Assert.StartsWith("2.10", report.LibTorch, StringComparison.Ordinal);
        Assert.Equal("cpu", report.Device);
    }

    [Fact]
    public async Task Hub_CompletesTheMessagePackHandshake()
    {
        var server = _factory.Server;
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, NextGptHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.SkipNegotiation = true;
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .AddMessagePackProtocol()
            .Build();

        await connection.StartAsync();

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }
}
