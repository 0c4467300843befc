namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// Where a session's shared state lives: its players and its history of exchanges. In this process for one node
/// (<see cref="LocalSessionHistory"/>), or in Redis when the server is scaled out (<see cref="RedisSessionHistory"/>), so a
/// session's next turn on any node reads the same history, even after the node that ran its last turn is gone.
/// </summary>
public interface ISessionHistory
{
    /// <summary>Exchanges recorded, oldest first.</summary>
    IReadOnlyList<ExchangeRecord> Read();

    int Count { get; }

    /// <summary>Records an exchange, dropping the oldest beyond <paramref name="maxHistory"/>.</summary>
    void Append(ExchangeRecord exchange, int maxHistory);

    /// <summary>Replaces the exchange of <paramref name="turnId"/>; false when it is not in the history.</summary>
    bool Replace(string turnId, Func<ExchangeRecord, ExchangeRecord> change);

    void AddPlayer(string playerId);

    IReadOnlyList<string> Players();
}
