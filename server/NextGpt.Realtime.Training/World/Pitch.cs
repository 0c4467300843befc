namespace NextGpt.Realtime.Training.World;

/// <summary>Pitch of a tone, chime or buzz (world.md): low ~220 Hz, middle ~440 Hz, high ~880 Hz.</summary>
public enum Pitch
{
    Low,
    Middle,
    High,
}
