namespace NextGpt.Realtime.Training.World;

/// <summary>Clip motions (world.md); spinning is for stars and squares only.</summary>
public enum Motion
{
    MovingLeft,
    MovingRight,
    MovingUp,
    MovingDown,
    Growing,
    Shrinking,
    Spinning,
    Still,
}
