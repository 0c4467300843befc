using NextGpt.Realtime.Server.Sessions;
using StackExchange.Redis;

namespace NextGpt.Realtime.Server.ScaleOut;

/// <summary>
/// Scale-out on an existing engine: with <see cref="ScaleOutOptions.Redis"/> set, SignalR's Redis backplane (groups and
/// NPC media broadcasts span the nodes) and sessions in Redis (<see cref="RedisSessionStorage"/>). Without it nothing is
/// registered and the server is one node with in-memory sessions. The connections do not fail the start when Redis is
/// not up yet: they retry in the background.
/// </summary>
public static class ScaleOutServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ScaleOutOptions.Section);
        services.Configure<ScaleOutOptions>(section);
        var options = section.Get<ScaleOutOptions>() ?? new ScaleOutOptions();
        if (!options.Enabled)
        {
            return services;
        }

        ConfigurationOptions Connection()
        {
            var connection = ConfigurationOptions.Parse(options.Redis);
            connection.AbortOnConnectFail = false;
            return connection;
        }

        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var multiplexer = ConnectionMultiplexer.Connect(Connection());
            provider.GetRequiredService<ILogger<RedisSessionStorage>>().LogInformation(
                "Scale-out: sessions and the SignalR backplane in Redis at {Endpoints} (prefix {Prefix}).",
                string.Join(", ", multiplexer.GetEndPoints().Select(e => e.ToString())), options.KeyPrefix);
            return multiplexer;
        });
        services.AddSingleton<RedisSessionStorage>();
        services.AddSignalR().AddStackExchangeRedis(redis =>
        {
            redis.Configuration = Connection();
            redis.Configuration.ChannelPrefix = RedisChannel.Literal(options.KeyPrefix);
        });
        return services;
    }
}
