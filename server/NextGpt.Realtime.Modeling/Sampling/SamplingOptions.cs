namespace NextGpt.Realtime.Modeling.Sampling;

/// <summary>How the next token is chosen from the logits. The defaults are greedy decoding.</summary>
/// <param name="Temperature">0 picks the most likely token (greedy); above 0 samples from softmax(logits / T).</param>
/// <param name="TopK">Keep only the K most likely tokens (0: no limit).</param>
/// <param name="TopP">Keep the smallest set of tokens whose probability reaches P (nucleus sampling; 1: no limit).</param>
/// <param name="RepetitionPenalty">Above 1 discourages tokens already in the sequence (CTRL, Keskar et al. 2019).</param>
/// <param name="Seed">Seed of the sampling generator, for reproducible replies.</param>
public sealed record SamplingOptions(
    double Temperature = 0,
    int TopK = 0,
    double TopP = 1.0,
    double RepetitionPenalty = 1.0,
    long Seed = 0)
{
    public bool IsGreedy => Temperature <= 0;

    public void Validate()
    {
        if (Temperature < 0 || double.IsNaN(Temperature))
        {
            throw new ArgumentException($"Temperature must be 0 (greedy) or positive; got {Temperature}.");
        }

        if (TopK < 0)
        {
            throw new ArgumentException($"TopK must be 0 (off) or positive; got {TopK}.");
        }

        if (TopP is <= 0 or > 1 || double.IsNaN(TopP))
        {
            throw new ArgumentException($"TopP must be in (0, 1]; got {TopP}.");
        }

        if (RepetitionPenalty <= 0 || double.IsNaN(RepetitionPenalty))
        {
            throw new ArgumentException($"RepetitionPenalty must be positive; got {RepetitionPenalty}.");
        }
    }
}
