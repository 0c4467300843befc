namespace NextGpt.Realtime.Training.World;

/// <summary>Object shapes (world.md).</summary>
public enum ShapeKind
{
    Circle,
    Square,
    Triangle,
    Star,
}
