namespace NextGpt.Realtime.Server.ScaleOut;

/// <summary>
/// Running several server nodes as one (configuration section <c>ScaleOut</c>, e.g. <c>ScaleOut__Redis=redis:6379</c>).
/// With a Redis connection string, SignalR groups span the nodes (the Redis backplane) and sessions' persona, settings,
/// players and history live in Redis, so a session survives losing the node it was on. Empty: one node, all in memory.
/// </summary>
public sealed class ScaleOutOptions
{
    public const string Section = "ScaleOut";

    /// <summary>A StackExchange.Redis connection string (<c>host:port,password=...</c>); empty: single node.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefix of every Redis key and backplane channel, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "nextgpt";

    /// <summary>A session untouched this long is dropped from Redis (each turn renews it).</summary>
    public double SessionIdleHours { get; set; } = 24;

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
