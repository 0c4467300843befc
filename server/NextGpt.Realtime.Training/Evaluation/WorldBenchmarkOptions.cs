using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Training.Evaluation;

/// <summary>How much of the held-out world the benchmark runs, and how turns generate.</summary>
/// <param name="Dialogues">Held-out dialogues, each run exchange by exchange with the reference history.</param>
/// <param name="DiversityRequests">Media requests generated twice with different seeds.</param>
/// <param name="Settings">Sampling and decoder settings; the seed of each turn is derived from the dialogue.</param>
public sealed record WorldBenchmarkOptions(int Dialogues, int DiversityRequests, TurnSettings Settings);
