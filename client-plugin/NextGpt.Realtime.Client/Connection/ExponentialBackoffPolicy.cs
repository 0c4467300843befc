using System;
using Microsoft.AspNetCore.SignalR.Client;

namespace NextGpt.Realtime.Client.Connection;

/// <summary>
/// Reconnect delays that double from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, with +-<see cref="Jitter"/>
/// randomness so a server restart is not met by every player at the same instant; gives up after
/// <see cref="GiveUpAfter"/> of trying. The first retry is immediate (most drops are momentary).
/// </summary>
public sealed class ExponentialBackoffPolicy : IRetryPolicy
{
    private readonly Random _random;

    public ExponentialBackoffPolicy(int? seed = null) => _random = seed is { } s ? new Random(s) : new Random();

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Relative randomness of each delay, 0 to 1.</summary>
    public double Jitter { get; set; } = 0.2;

    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        if (retryContext is null)
        {
            throw new ArgumentNullException(nameof(retryContext));
        }

        return DelayFor(retryContext.PreviousRetryCount, retryContext.ElapsedTime);
    }

    /// <summary>The delay before retry number <paramref name="previousRetries"/> + 1, or null to give up.</summary>
    public TimeSpan? DelayFor(long previousRetries, TimeSpan elapsed)
    {
        if (elapsed >= GiveUpAfter)
        {
            return null;
        }

        if (previousRetries == 0)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(previousRetries - 1, 30);
        var delay = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        double factor;
        lock (_random)
        {
            factor = 1 + (Jitter * ((_random.NextDouble() * 2) - 1));
        }

        return TimeSpan.FromMilliseconds(delay * factor);
    }
}
