using Microsoft.AspNetCore.SignalR;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Server.Hubs;

/// <summary>
/// Errors of hub calls that are not turns (a turn's errors are TurnFailed events): a <see cref="HubException"/> whose
/// message starts with the error code's name and a colon, for example <c>"NotFound: there is no session 'x'."</c>
/// (docs/wire-protocol.md), so clients can branch on the code and show the rest.
/// </summary>
public static class HubErrors
{
    public static HubException Error(ErrorCode code, string message) => new($"{code}: {message}");
}
