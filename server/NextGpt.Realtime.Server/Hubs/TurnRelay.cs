using Microsoft.AspNetCore.SignalR;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;

namespace NextGpt.Realtime.Server.Hubs;

/// <summary>
/// Broadcasts a turn's events to the other members of its session's group (players and spectators) as the caller reads
/// them, with the same turn id, part id and sequence number. A preview is skipped while the previous broadcast is still
/// being sent (latest-wins for slow members); every other event waits for the one before it, so the group sees the
/// turn in order. Goes through the hub context, which works across server nodes with the Redis backplane.
/// </summary>
public sealed class TurnRelay(IHubContext<NextGptHub, INextGptClient> hub, string sessionId, string callerConnectionId)
{
    private Task _previous = Task.CompletedTask;

    public async Task ForwardAsync(TurnEvent turnEvent)
    {
        if (turnEvent is ImagePreview && !_previous.IsCompleted)
        {
            return;
        }

        await _previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _previous = hub.Clients.GroupExcept(sessionId, callerConnectionId).OnTurnEvent(sessionId, turnEvent);
    }

    /// <summary>Waits for the last broadcast (a failed send to a group member does not fail the caller's turn).</summary>
    public Task FlushAsync() => _previous.ContinueWith(_ => { }, TaskScheduler.Default);
}
