using MessagePack;
using MessagePack.Resolvers;
using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Serialization;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Server.ScaleOut;
using StackExchange.Redis;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// Sessions in Redis when the server is scaled out: a hash with the persona and settings (MessagePack, as on the wire),
/// written once when the session is created, plus its players and history (<see cref="RedisSessionHistory"/>). Any node
/// can load a session another node created, so a player who lost their node reconnects elsewhere and goes on.
/// </summary>
public sealed class RedisSessionStorage(IConnectionMultiplexer redis, IOptions<ScaleOutOptions> options)
{
    private static readonly MessagePackSerializerOptions Wire = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private readonly ScaleOutOptions _options = options.Value;

    private TimeSpan IdleExpiry => TimeSpan.FromHours(_options.SessionIdleHours);

    /// <summary>Stores a new session's persona and settings; returns its shared players and history.</summary>
    public ISessionHistory Create(string sessionId, Persona persona, SessionSettings settings)
    {
        var database = redis.GetDatabase();
        var key = Key(sessionId);
        database.HashSet(key, [
            new HashEntry("persona", MessagePackSerializer.Serialize(persona, Wire)),
            new HashEntry("settings", MessagePackSerializer.Serialize(settings, Wire)),
        ]);
        database.KeyExpire(key, IdleExpiry);
        return new RedisSessionHistory(database, key, IdleExpiry);
    }

    /// <summary>A session any node stored, or null when Redis does not know it (never created, or expired).</summary>
    public NpcSession? Load(string sessionId)
    {
        var database = redis.GetDatabase();
        var key = Key(sessionId);
        var fields = database.HashGet(key, ["persona", "settings"]);
        if (fields[0].IsNull || fields[1].IsNull)
        {
            return null;
        }

        database.KeyExpire(key, IdleExpiry, CommandFlags.FireAndForget);
        var persona = MessagePackSerializer.Deserialize<Persona>((byte[])fields[0]!, Wire);
        var settings = MessagePackSerializer.Deserialize<SessionSettings>((byte[])fields[1]!, Wire);
        return new NpcSession(sessionId, persona, settings, new RedisSessionHistory(database, key, IdleExpiry));
    }

    private string Key(string sessionId) => $"{_options.KeyPrefix}:session:{sessionId}";
}
