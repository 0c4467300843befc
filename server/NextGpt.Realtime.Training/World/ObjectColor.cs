namespace NextGpt.Realtime.Training.World;

/// <summary>Object colors (world.md); never the background's own color.</summary>
public enum ObjectColor
{
    Red,
    Green,
    Blue,
    Yellow,
    Purple,
    Orange,
    White,
    Black,
}
