using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Sampling;

/// <summary>
/// Picks next tokens from logits: repetition penalty, temperature, top-k, top-p, then greedy or a seeded draw, in the
/// order and with the semantics of transformers' logits processors (RepetitionPenaltyLogitsProcessor,
/// TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper). Separate from the model and the loop (style.md 11).
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingOptions _options;
    private readonly Generator _generator;

    public TokenSampler(SamplingOptions options)
    {
        options.Validate();
        _options = options;
        _generator = new Generator(unchecked((ulong)options.Seed));
    }

    /// <param name="logits">(B, vocab) scores of the next position.</param>
    /// <param name="history">Each row's tokens so far (prompt and generated), for the repetition penalty.</param>
    /// <returns>One token id per row.</returns>
    public long[] Sample(Tensor logits, IReadOnlyList<IReadOnlyList<long>>? history = null)
    {
        using var scope = NewDisposeScope();
        var scores = logits.to_type(ScalarType.Float32).clone();                       // (B, V)
        if (_options.RepetitionPenalty != 1.0 && history is not null)
        {
            ApplyRepetitionPenalty(scores, history, _options.RepetitionPenalty);
        }

        if (_options.IsGreedy)
        {
            return scores.argmax(-1).data<long>().ToArray();
        }

        scores = Filter(scores / _options.Temperature, _options.TopK, _options.TopP);
        var probabilities = scores.softmax(-1);
        return multinomial(probabilities, 1, generator: _generator).squeeze(-1).data<long>().ToArray();
    }

    /// <summary>Masks (to -inf) every token outside the top-k and outside the top-p nucleus.</summary>
    /// <param name="scores">(B, V) temperature-scaled logits.</param>
    /// <returns>(B, V).</returns>
    public static Tensor Filter(Tensor scores, int topK, double topP)
    {
        using var scope = NewDisposeScope();
        if (topK > 0 && topK < scores.shape[^1])
        {
            var kth = scores.topk(topK, dim: -1).values.narrow(-1, topK - 1, 1);       // (B, 1)
            scores = scores.masked_fill(scores.lt(kth), float.NegativeInfinity);
        }

        if (topP < 1.0)
        {
            var (sorted, indices) = scores.sort(dim: -1, descending: false);             // ascending, as transformers
            var cumulative = sorted.softmax(-1).cumsum(-1);                              // (B, V)
            var remove = cumulative.le(1 - topP);
            remove[.., -1] = tensor(false);                                              // always keep the most likely
            var removeInVocabOrder = remove.scatter(-1, indices, remove);
            scores = scores.masked_fill(removeInVocabOrder, float.NegativeInfinity);
        }

        return scores.MoveToOuterDisposeScope();
    }

    private static void ApplyRepetitionPenalty(Tensor scores, IReadOnlyList<IReadOnlyList<long>> history, double penalty)
    {
        for (var row = 0; row < history.Count; row++)
        {
            if (history[row].Count == 0)
            {
                continue;
            }

            using var ids = tensor(history[row].Distinct().ToArray(), device: scores.device);
            using var rowScores = scores[row];
            using var seen = rowScores.gather(0, ids);
            using var penalized = where(seen.lt(0), seen * penalty, seen / penalty);
            rowScores.scatter_(0, ids, penalized);
        }
    }
}
