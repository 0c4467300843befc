namespace NextGpt.Realtime.Training.World;

/// <summary>Sound patterns (world.md): steady, pulsing (about 4 beats a second), rising and falling (the pitch glides an
/// octave).</summary>
public enum SoundPattern
{
    Steady,
    Pulsing,
    Rising,
    Falling,
}
