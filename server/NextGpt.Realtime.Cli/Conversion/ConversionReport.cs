namespace NextGpt.Realtime.Cli.Conversion;

/// <summary>What a conversion wrote: the files, how many tensors, and the source keys that were left out.</summary>
public sealed record ConversionReport(IReadOnlyList<string> Written, int Tensors, IReadOnlyList<string> Skipped);
