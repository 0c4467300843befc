using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NextGpt.Realtime.Contracts.Serialization;
using NextGpt.Realtime.Server.Hubs;
using NextGpt.Realtime.Server.Inference;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>The real server on real Kestrel (a free loopback port), serving its default model, shared by a test class.</summary>
public sealed class KestrelServer : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        await _factory.Services.GetRequiredService<InferenceWorker>().Ready;
    }

    /// <summary>A connected .NET SignalR client speaking MessagePack with the contracts' resolver, as the server does.</summary>
    public async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, NextGptHub.Path))
            .AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance)))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
