namespace NextGpt.Realtime.Server.Sessions;

/// <summary>A session's players and history in this process (one node); every access locks.</summary>
public sealed class LocalSessionHistory : ISessionHistory
{
    private readonly Lock _lock = new();
    private readonly List<ExchangeRecord> _history = [];
    private readonly HashSet<string> _players = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _history.Count;
            }
        }
    }

    public IReadOnlyList<ExchangeRecord> Read()
    {
        lock (_lock)
        {
            return [.. _history];
        }
    }

    public void Append(ExchangeRecord exchange, int maxHistory)
    {
        lock (_lock)
        {
            _history.Add(exchange);
            if (_history.Count > maxHistory)
            {
                _history.RemoveAt(0);
            }
        }
    }

    public bool Replace(string turnId, Func<ExchangeRecord, ExchangeRecord> change)
    {
        lock (_lock)
        {
            var index = _history.FindIndex(e => e.TurnId == turnId);
            if (index < 0)
            {
                return false;
            }

            _history[index] = change(_history[index]);
            return true;
        }
    }

    public void AddPlayer(string playerId)
    {
        lock (_lock)
        {
            _players.Add(playerId);
        }
    }

    public IReadOnlyList<string> Players()
    {
        lock (_lock)
        {
            return [.. _players];
        }
    }
}
