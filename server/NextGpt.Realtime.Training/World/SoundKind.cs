namespace NextGpt.Realtime.Training.World;

/// <summary>Sound kinds (world.md): tone (sine), chime (harmonics with decay), buzz (square-like), drum (low thumps), wind
/// (filtered noise).</summary>
public enum SoundKind
{
    Tone,
    Chime,
    Buzz,
    Drum,
    Wind,
}
