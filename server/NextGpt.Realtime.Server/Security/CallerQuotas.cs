using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Server.Inference;

namespace NextGpt.Realtime.Server.Security;

/// <summary>
/// Per-caller limits: a token bucket of turns per minute (and of uploads), and a cap on turns running or queued at once.
/// A caller is an API key's name, or in open mode the client's address. Exhausted limits answer RateLimited with a hint
/// of when a retry may succeed.
/// </summary>
public sealed class CallerQuotas(IOptions<SecurityOptions> options)
{
    private readonly SecurityOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Caller> _callers = new(StringComparer.Ordinal);

    /// <summary>The caller name of an API key (open-mode callers are <c>ip:address</c>).</summary>
    public static string KeyCaller(string keyName) => $"key:{keyName}";

    /// <summary>The caller a request counts against: <c>key:name</c>, <c>jwt:subject</c>, or <c>ip:address</c> in open mode.</summary>
    public static string CallerOf(ClaimsPrincipal? user, IPAddress? address) => user?.Identity is { IsAuthenticated: true } identity
        ? identity.AuthenticationType == JwtBearerSetup.AuthenticationType ? $"jwt:{identity.Name}" : KeyCaller(identity.Name ?? "")
        : $"ip:{address}";

    /// <summary>Takes one turn from the caller's budget; null when allowed (dispose the lease when the turn ends).</summary>
    public TurnRefusal? TryAcquireTurn(string caller, out IDisposable? lease)
    {
        lease = null;
        var state = State(caller);
        using var permit = state.Turns.AttemptAcquire();
        if (!permit.IsAcquired)
        {
            return new TurnRefusal(ErrorCode.RateLimited,
                $"Rate limit: at most {state.TurnsPerMinute} turns per minute for this caller.", RetryAfter(permit));
        }

        if (Interlocked.Increment(ref state.Running) > state.MaxConcurrent)
        {
            Interlocked.Decrement(ref state.Running);
            return new TurnRefusal(ErrorCode.RateLimited,
                $"Quota: at most {state.MaxConcurrent} turns may run at once for this caller; wait for one to finish.", 500);
        }

        lease = new Lease(state);
        return null;
    }

    /// <summary>Takes one upload from the caller's budget; null when allowed.</summary>
    public TurnRefusal? TryAcquireUpload(string caller)
    {
        using var permit = State(caller).Uploads.AttemptAcquire();
        return permit.IsAcquired
            ? null
            : new TurnRefusal(ErrorCode.RateLimited, $"Rate limit: at most {_options.UploadsPerMinute} uploads per minute for this caller.",
                RetryAfter(permit));
    }

    private Caller State(string caller) => _callers.GetOrAdd(caller, name =>
    {
        var key = _options.ApiKeys.FirstOrDefault(k => name == KeyCaller(ApiKeyAuthenticationHandler.KeyName(k)));
        var perMinute = key is { TurnsPerMinute: > 0 } ? key.TurnsPerMinute : _options.TurnsPerMinute;
        var concurrent = key is { MaxConcurrentTurns: > 0 } ? key.MaxConcurrentTurns : _options.MaxConcurrentTurns;
        return new Caller(Bucket(perMinute), Bucket(_options.UploadsPerMinute), perMinute, concurrent);
    });

    // A bucket as large as a minute's allowance, refilled evenly over the minute.
    private static TokenBucketRateLimiter Bucket(int perMinute) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, perMinute),
        TokensPerPeriod = Math.Max(1, perMinute / 60),
        ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / Math.Max(1, perMinute)),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    private static int RetryAfter(RateLimitLease permit) =>
        permit.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)retry.TotalMilliseconds : 1000;

    private sealed class Caller(TokenBucketRateLimiter turns, TokenBucketRateLimiter uploads, int turnsPerMinute, int maxConcurrent)
    {
        public int Running;

        public TokenBucketRateLimiter Turns { get; } = turns;

        public TokenBucketRateLimiter Uploads { get; } = uploads;

        public int TurnsPerMinute { get; } = turnsPerMinute;

        public int MaxConcurrent { get; } = maxConcurrent;
    }

    private sealed class Lease(Caller caller) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref caller.Running);
            }
        }
    }
}
