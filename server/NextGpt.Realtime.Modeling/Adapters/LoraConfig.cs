namespace NextGpt.Realtime.Modeling.Adapters;

/// <summary>
/// Low-rank adaptation (Hu et al., 2021) settings. The default is NExT-GPT's legacy stage-3 configuration
/// (config/stage_3.yaml: r 32, alpha 32, dropout 0.1 on q, k, v, o; architecture notes section 3).
/// </summary>
/// <param name="Rank">r, the adapter's inner dimension.</param>
/// <param name="Alpha">Scale numerator: the update is (alpha / r) * B A.</param>
/// <param name="Dropout">Dropout on the adapter's input while training.</param>
/// <param name="TargetModules">Projection names that get adapters.</param>
public sealed record LoraConfig(int Rank, double Alpha, double Dropout, IReadOnlySet<string> TargetModules)
{
    public static LoraConfig NextGpt { get; } = new(32, 32, 0.1, new HashSet<string> { "q_proj", "k_proj", "v_proj", "o_proj" });

    public double Scaling => Alpha / Rank;
}
