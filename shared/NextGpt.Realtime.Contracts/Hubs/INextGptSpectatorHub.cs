using System.Threading.Tasks;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Contracts.Hubs;

/// <summary>
/// The read-only join on the same hub (<see cref="NextGptHubRoutes.Path"/>), for viewers such as the /preview page: a
/// spectator receives the session's events through <see cref="INextGptClient.OnTurnEvent"/> but is not a player. A
/// connection that spectates is read-only from then on: its StartTurn streams answer one TurnFailed (Unauthorized),
/// and Upload, CancelTurn and ReportPlayback fail with Unauthorized.
/// </summary>
public interface INextGptSpectatorHub
{
    /// <summary>Joins a session's group as a spectator; returns the session as a player would see it.</summary>
    Task<SessionInfo> Spectate(string sessionId);
}

/// <summary>The spectator hub's method names.</summary>
public static class NextGptSpectatorHubMethods
{
    public const string Spectate = nameof(INextGptSpectatorHub.Spectate);
}
