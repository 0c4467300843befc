namespace NextGpt.Realtime.Training.World;

/// <summary>A world sample for the alignment stages: a medium, its canonical caption, paraphrases of the caption, and a
/// player's request for it.</summary>
public sealed record CaptionedMedia(WorldMedia Media, string Caption, IReadOnlyList<string> Paraphrases, string Request);
