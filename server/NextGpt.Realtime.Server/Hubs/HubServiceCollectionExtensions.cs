using MessagePack;
using MessagePack.Resolvers;
using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Serialization;
using NextGpt.Realtime.Server.Uploads;

namespace NextGpt.Realtime.Server.Hubs;

/// <summary>
/// SignalR with the MessagePack protocol (JSON stays on for debugging). The contracts' resolver comes first so every
/// turn event is written in its union form (<c>[tag, [fields]]</c>) even though SignalR serializes stream items by their
/// runtime type; untrusted-data security limits nesting and hash-collision attacks. The receive limit sits just above
/// the upload chunk size: bigger inputs must be streamed in chunks.
/// </summary>
public static class HubServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptHub(this IServiceCollection services)
    {
        services.AddSignalR()
            .AddMessagePackProtocol(options => options.SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance))
                .WithSecurity(MessagePackSecurity.UntrustedData));
        services.AddOptions<Microsoft.AspNetCore.SignalR.HubOptions>().Configure<IOptions<UploadOptions>>((hub, uploads) =>
        {
            hub.MaximumReceiveMessageSize = uploads.Value.MaxChunkBytes + (16 * 1024);
            hub.MaximumParallelInvocationsPerClient = 4;
            hub.EnableDetailedErrors = false;
        });
        return services;
    }
}
