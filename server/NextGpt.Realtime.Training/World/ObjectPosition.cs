namespace NextGpt.Realtime.Training.World;

/// <summary>Object positions on the 3x3 grid (world.md): the middle cell of each side, and the center cell.</summary>
public enum ObjectPosition
{
    Left,
    Right,
    Top,
    Bottom,
    Center,
}
