namespace NextGpt.Realtime.Server.Tests;

/// <summary>A fact that needs Debian's redis-server; skipped, saying why, where it is not installed.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!File.Exists(RedisProcess.Binary))
        {
            Skip = $"{RedisProcess.Binary} is not installed (apt-get install redis-server; test.sh installs it).";
        }
    }
}
