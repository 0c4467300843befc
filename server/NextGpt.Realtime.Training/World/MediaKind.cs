namespace NextGpt.Realtime.Training.World;

/// <summary>The three non-text media of the world, each with its own signal tokens ([IMGi], [AUDi], [VIDi]).</summary>
public enum MediaKind
{
    Image,
    Audio,
    Video,
}
