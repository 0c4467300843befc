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

/// <summary>
/// The real server on real Kestrel (a free loopback port), serving its default model, shared by a test class. Derived
/// fixtures pass configuration (API keys, small queues) the way an operator would, as settings.
/// </summary>
public class KestrelServer : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory;

    public KestrelServer()
        : this(new Dictionary<string, string?>())
    {
    }

    protected KestrelServer(IReadOnlyDictionary<string, string?> settings) =>
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // A free port, whatever appsettings.json says (other servers on this machine may hold 5170).
            builder.UseSetting("Urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    /// <summary>
    /// The contracts' resolver first, as every client of this protocol needs (docs/wire-protocol.md): SignalR's default
    /// .NET resolver writes and reads enums as names, while the protocol carries them as integers.
    /// </summary>
    public static MessagePackSerializerOptions WireOptions { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance));

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

    /// <summary>A connected .NET SignalR client speaking MessagePack (with an API key when given).</summary>
    public async Task<HubConnection> ConnectAsync(string? apiKey = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, NextGptHub.Path), options =>
            {
                if (apiKey is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(apiKey);
                }
            })
            .AddMessagePackProtocol(options => options.SerializerOptions = WireOptions)
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
