namespace NextGpt.Realtime.Training.World;

/// <summary>Object sizes (world.md): small is about 1/6 of the image width, large about 1/3.</summary>
public enum ObjectSize
{
    Small,
    Large,
}
