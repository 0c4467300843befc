using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Benchmark;

/// <summary>One observation of the world's benchmark: a request (with its ground truth) and what the model produced.</summary>
public abstract record BenchmarkRecord;

/// <summary>text->X: the model was asked for <see cref="Request"/> and produced <see cref="Produced"/>.</summary>
public sealed record GenerationRecord(WorldMedia Request, MediaOutput Produced) : BenchmarkRecord;

/// <summary>X->text: the player sent <see cref="Input"/> and the NPC replied <see cref="Reply"/>.</summary>
public sealed record DescriptionRecord(WorldMedia Input, string Reply) : BenchmarkRecord;

/// <summary>Modality switching: the turn asked for <see cref="Requested"/> (null: no medium) and the NPC replied
/// <see cref="Reply"/> (with whatever signal tokens it emitted).</summary>
public sealed record SignalRecord(MediaKind? Requested, string Reply) : BenchmarkRecord;

/// <summary>Persona: the player asked the NPC's name and it replied <see cref="Reply"/>.</summary>
public sealed record PersonaNameRecord(Persona Persona, string Reply) : BenchmarkRecord;

/// <summary>Diversity: one request generated with two seeds.</summary>
public sealed record DiversityRecord(WorldMedia Request, MediaOutput First, MediaOutput Second) : BenchmarkRecord;
