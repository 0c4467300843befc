namespace NextGpt.Realtime.Training.World;

/// <summary>
/// Emberfall's rule for "play a sound that fits this picture": the shape picks the kind (round things hum as a tone, squares
/// buzz, triangles ring as a chime, stars twinkle as a pulsing chime), height picks the pitch (top high, bottom low, else
/// middle). A fixed rule, so the answer to the request can be checked like any other sound.
/// </summary>
public static class PictureSound
{
    public static SoundSpec For(ImageObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var pitch = item.Position switch
        {
            ObjectPosition.Top => Pitch.High,
            ObjectPosition.Bottom => Pitch.Low,
            _ => Pitch.Middle,
        };
        return item.Shape switch
        {
            ShapeKind.Circle => new SoundSpec(SoundKind.Tone, pitch, SoundPattern.Steady),
            ShapeKind.Square => new SoundSpec(SoundKind.Buzz, pitch, SoundPattern.Steady),
            ShapeKind.Triangle => new SoundSpec(SoundKind.Chime, pitch, SoundPattern.Steady),
            ShapeKind.Star => new SoundSpec(SoundKind.Chime, pitch, SoundPattern.Pulsing),
            _ => throw new ArgumentOutOfRangeException(nameof(item), item.Shape, null),
        };
    }
}
