using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Losses;

/// <summary>
/// The language-model cross-entropy every NExT-GPT stage uses (architecture notes section 4.2): position t predicts
/// token t+1, and labels of -100 (prompt, media placeholders, padding) do not count. Mean over the counted tokens, as
/// transformers' LlamaForCausalLM computes it.
/// </summary>
public static class CausalLanguageModelLoss
{
    public const long IgnoreIndex = -100;

    /// <param name="logits">(B, T, vocab).</param>
    /// <param name="labels">(B, T) int64, -100 where nothing is predicted.</param>
    public static Tensor Compute(Tensor logits, Tensor labels)
    {
        var vocab = logits.shape[^1];
        var predicted = logits[.., ..^1, ..].reshape(-1, vocab);     // (B, T-1, vocab) -> (B*(T-1), vocab)
        var targets = labels[.., 1..].reshape(-1);                   // (B, T-1) -> (B*(T-1))
        return nn.functional.cross_entropy(predicted, targets, ignore_index: IgnoreIndex);
    }
}
