using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Serialization;

namespace NextGpt.Realtime.Client.Tests.Harness;

/// <summary>
/// Real Kestrel on a loopback port with the scripted hub and SignalR's stock MessagePack protocol, configured as a
/// server must be for the union wire form: <see cref="ContractsResolver"/> first in the resolver chain.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, HubState state)
    {
        _app = app;
        State = state;
        Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri Url { get; }

    public HubState State { get; }

    public static async Task<TestServer> StartAsync(int port = 0, HubState? state = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state ?? new HubState());
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 32 * 1024)
            .AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance)));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<ScriptedNpcHub>(NextGptHubRoutes.Path, o => o.AllowStatefulReconnects = true);
        await app.StartAsync();
        return new TestServer(app, app.Services.GetRequiredService<HubState>());
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
