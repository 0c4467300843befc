using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Client.Threading;
using NextGpt.Realtime.Contracts.Hubs;

namespace NextGpt.Realtime.Client.Connection;

/// <summary>How to reach a NextGpt.Realtime server and how the client behaves on it.</summary>
public sealed class NextGptClientOptions
{
    /// <summary>The server's address, for example <c>http://localhost:5000</c>; the hub path is appended when absent.</summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>An API key sent as the bearer token; ignored when <see cref="AccessTokenProvider"/> is set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Returns a fresh token per (re)connection (short-lived tokens; keeps long-lived keys out of game builds).</summary>
    public Func<Task<string?>>? AccessTokenProvider { get; set; }

    /// <summary>This player's id, attached to uploads and turns (multiplayer attribution).</summary>
    public string PlayerId { get; set; } = "player-" + Guid.NewGuid().ToString("N").Substring(0, 8);

    /// <summary>Delays between reconnect attempts, also used when the first connect fails.</summary>
    public IRetryPolicy ReconnectPolicy { get; set; } = new ExponentialBackoffPolicy();

    /// <summary>Keeps in-flight messages across a short drop (SignalR stateful reconnect) when the server allows it.</summary>
    public bool UseStatefulReconnect { get; set; } = true;

    public HttpTransportType Transports { get; set; } = HttpTransportType.WebSockets;

    /// <summary>Skips the negotiate request (WebSockets only; needed behind some load balancers).</summary>
    public bool SkipNegotiation { get; set; }

    /// <summary>Where events are raised (the engine's main thread); immediate by default.</summary>
    public IMainThreadDispatcher Dispatcher { get; set; } = ImmediateDispatcher.Instance;

    /// <summary>
    /// Bytes per upload chunk. SignalR servers refuse messages over 32 KiB by default, so chunks stay well below it.
    /// </summary>
    public int UploadChunkBytes { get; set; } = 16 * 1024;

    /// <summary>How long a cancelled turn may take to send its last event before the client stops reading it.</summary>
    public TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Further transport settings (proxies, certificates, test servers' handlers).</summary>
    public Action<HttpConnectionOptions>? ConfigureHttp { get; set; }

    internal Uri HubUrl()
    {
        if (ServerUrl is null)
        {
            throw new InvalidOperationException($"{nameof(ServerUrl)} is not set (for example http://localhost:5000).");
        }

        if (!ServerUrl.IsAbsoluteUri || (ServerUrl.Scheme != "http" && ServerUrl.Scheme != "https"))
        {
            throw new InvalidOperationException($"{nameof(ServerUrl)} must be an absolute http or https address, not '{ServerUrl}'.");
        }

        var text = ServerUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return text.EndsWith(NextGptHubRoutes.Path, StringComparison.OrdinalIgnoreCase)
            ? new Uri(text)
            : new Uri(text + NextGptHubRoutes.Path);
    }

    internal void Validate()
    {
        _ = HubUrl();
        if (UploadChunkBytes is < 1024 or > 30 * 1024)
        {
            throw new InvalidOperationException($"{nameof(UploadChunkBytes)} must be between 1 KiB and 30 KiB (SignalR's default limit is 32 KiB).");
        }

        if (string.IsNullOrWhiteSpace(PlayerId))
        {
            throw new InvalidOperationException($"{nameof(PlayerId)} must not be empty.");
        }
    }
}
