namespace NextGpt.Realtime.Training.Optimization;

/// <summary>
/// AdamW hyper-parameters. The defaults are NExT-GPT's legacy DeepSpeed settings (architecture notes section 6.2:
/// betas (0.9, 0.95), eps 1e-8, weight decay 0.001, gradient clipping 1.0).
/// </summary>
public sealed record AdamWOptions
{
    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.95;

    public double Epsilon { get; init; } = 1e-8;

    public double WeightDecay { get; init; } = 0.001;

    /// <summary>Which parameters decay; the legacy DeepSpeed run decays all of them.</summary>
    public Func<string, bool> Decays { get; init; } = _ => true;
}
