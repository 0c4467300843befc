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
    private readonly string _node = Guid.NewGuid().ToString("N");

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

    /// <summary>Tells the other nodes that a turn of the session began (they cancel any other turn of it they run:
    /// barge-in) or should stop (a CancelTurn that reached a node not running it).</summary>
    public void Announce(TurnSignal signal, string sessionId, string turnId) =>
        redis.GetSubscriber().Publish(TurnChannel, $"{(int)signal}|{_node}|{sessionId}|{turnId}", CommandFlags.FireAndForget);

    /// <summary>Calls <paramref name="onSignal"/> for every turn signal another node announces. This node's own signals
    /// are skipped: it acted on them already, and one arriving late must not cancel a turn that began after it.</summary>
    public void Listen(Action<TurnSignal, string, string> onSignal) =>
        redis.GetSubscriber().Subscribe(TurnChannel, (_, message) =>
        {
            var parts = ((string?)message ?? "").Split('|', 4);
            if (parts.Length == 4 && parts[1] != _node && Enum.TryParse<TurnSignal>(parts[0], out var signal) && Enum.IsDefined(signal))
            {
                onSignal(signal, parts[2], parts[3]);
            }
        }, CommandFlags.FireAndForget);

    private RedisChannel TurnChannel => RedisChannel.Literal($"{_options.KeyPrefix}:turns");

    private string Key(string sessionId) => $"{_options.KeyPrefix}:session:{sessionId}";
}
