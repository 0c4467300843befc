namespace NextGpt.Realtime.Training.World;

/// <summary>A session with one NPC: the persona given at session start, then alternating player and NPC turns.</summary>
public sealed record Dialogue(WorldSplit Split, long Seed, Persona Persona, IReadOnlyList<DialogueTurn> Turns);
