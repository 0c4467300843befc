using Microsoft.AspNetCore.SignalR;
using NextGpt.Realtime.Contracts.Hubs;

namespace NextGpt.Realtime.Server.Hubs;

/// <summary>
/// The realtime endpoint (MessagePack protocol; JSON stays on for debugging). Hubs are thin adapters over the inference
/// worker: they validate, enqueue and stream, and hold no tensor code (style.md principle 17).
/// </summary>
public sealed class NextGptHub : Hub
{
    /// <summary>Where the hub is mapped.</summary>
    public const string Path = NextGptHubRoutes.Path;
}
