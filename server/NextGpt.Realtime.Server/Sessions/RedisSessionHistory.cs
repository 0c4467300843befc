using System.Text.Json;
using StackExchange.Redis;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// A session's players (a Redis set) and history (a Redis list of JSON exchanges) shared by every node. Each write renews
/// the keys' idle expiry. Appends are sent without waiting for Redis (the inference thread records exchanges and must
/// never stall on the network); commands on one connection stay in order, so a node that reads after it wrote sees the
/// write. Replacing an exchange (a playback report) is a transaction guarded by the entry's old value, so a concurrent
/// append or trim cannot make it overwrite another exchange.
/// </summary>
public sealed class RedisSessionHistory(IDatabase redis, string sessionKey, TimeSpan idleExpiry) : ISessionHistory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly RedisKey _history = $"{sessionKey}:history";
    private readonly RedisKey _players = $"{sessionKey}:players";

    public int Count => (int)redis.ListLength(_history);

    public IReadOnlyList<ExchangeRecord> Read() => [.. redis.ListRange(_history).Select(Deserialize)];

    public void Append(ExchangeRecord exchange, int maxHistory)
    {
        redis.ListRightPush(_history, JsonSerializer.Serialize(exchange, Json), flags: CommandFlags.FireAndForget);
        redis.ListTrim(_history, -maxHistory, -1, CommandFlags.FireAndForget);
        redis.KeyExpire(_history, idleExpiry, CommandFlags.FireAndForget);
        redis.KeyExpire(_players, idleExpiry, CommandFlags.FireAndForget);
    }

    public bool Replace(string turnId, Func<ExchangeRecord, ExchangeRecord> change)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var entries = redis.ListRange(_history);
            var index = Array.FindIndex(entries, e => Deserialize(e).TurnId == turnId);
            if (index < 0)
            {
                return false;
            }

            var transaction = redis.CreateTransaction();
            transaction.AddCondition(Condition.ListIndexEqual(_history, index, entries[index]));
            _ = transaction.ListSetByIndexAsync(_history, index, JsonSerializer.Serialize(change(Deserialize(entries[index])), Json));
            if (transaction.Execute())
            {
                return true;
            }
        }

        throw new InvalidOperationException($"The history of turn '{turnId}' kept changing under the update; try again.");
    }

    public void AddPlayer(string playerId)
    {
        redis.SetAdd(_players, playerId);
        redis.KeyExpire(_players, idleExpiry, CommandFlags.FireAndForget);
    }

    public IReadOnlyList<string> Players() => [.. redis.SetMembers(_players).Select(p => p.ToString())];

    private static ExchangeRecord Deserialize(RedisValue value) =>
        JsonSerializer.Deserialize<ExchangeRecord>((string)value!, Json) ?? throw new InvalidDataException("A history entry in Redis is empty.");
}
