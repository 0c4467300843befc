namespace NextGpt.Realtime.Training.World;

/// <summary>Image and clip backgrounds (world.md): black, white, gray, sky (light blue), grass (green), sand (pale yellow).</summary>
public enum Background
{
    Black,
    White,
    Gray,
    Sky,
    Grass,
    Sand,
}
