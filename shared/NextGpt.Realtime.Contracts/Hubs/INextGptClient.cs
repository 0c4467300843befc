using System.Threading.Tasks;
using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Contracts.Hubs;

/// <summary>
/// Callbacks the server invokes on clients. The caller of a turn reads its events from the StartTurn stream; the other
/// members of the session's group (players, spectators such as /preview) receive the same events here.
/// </summary>
public interface INextGptClient
{
    /// <summary>A turn event broadcast to the session's group.</summary>
    Task OnTurnEvent(string sessionId, TurnEvent turnEvent);
}
