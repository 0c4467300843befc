namespace NextGpt.Realtime.Server.Sessions;

/// <summary>What one node tells the others about a session's turn when the server is scaled out.</summary>
public enum TurnSignal
{
    /// <summary>The turn began: any other running turn of the session stops (barge-in from another node).</summary>
    Began = 0,

    /// <summary>The turn should stop (CancelTurn reached a node that is not running it).</summary>
    Cancel = 1,
}
