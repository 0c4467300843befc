using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>
/// Finds the signal-token runs in generated tokens and gathers what the output projectors read (architecture notes
/// section 5.3, legacy <c>generate</c>/<c>generate_images</c>): for a run starting at generated token g, the hidden states of
/// the N positions where tokens g .. g+N-1 were fed to the LLM (legacy <c>emb[:, g-1 : g-1+N]</c> with its BOS-offset
/// <c>sequences</c>; the same positions training uses), and the input embeddings of the N signal ids. Decoding must go on
/// at least one step past the last signal token so that token has been fed (the model continues with <c>\n###</c>).
/// </summary>
/// <param name="embedTokens">The LLM's input embedding: (1, N) int64 ids to (1, N, hidden).</param>
public sealed class SignalTokenGatherer(SignalTokenSet signals, Func<Tensor, Tensor> embedTokens)
{
    /// <param name="generatedIds">The generated tokens in order (prompt excluded).</param>
    /// <param name="fedHiddenStates">
    /// (F, hidden) or (1, F, hidden): row j is the last-layer, final-norm hidden state computed when generated token j was
    /// the input. F may be one less than the number of generated tokens (the last token not yet fed).
    /// </param>
    public IReadOnlyList<SignalSpan> Gather(IReadOnlyList<long> generatedIds, Tensor fedHiddenStates)
    {
        var rows = fedHiddenStates.dim() == 3 && fedHiddenStates.shape[0] == 1 ? fedHiddenStates[0] : fedHiddenStates;
        if (rows.dim() != 2)
        {
            throw new ArgumentException($"fed hidden states must be (F, hidden) or (1, F, hidden); got [{string.Join(", ", fedHiddenStates.shape)}].");
        }

        var spans = new List<SignalSpan>();
        for (var i = 0; i < generatedIds.Count; i++)
        {
            foreach (var modality in Enum.GetValues<GeneratedModality>())
            {
                var ids = signals.IdsOf(modality);
                if (ids.Count == 0 || generatedIds[i] != ids[0])
                {
                    continue;
                }

                spans.Add(Take(modality, ids, generatedIds, i, rows));
                i += ids.Count - 1;
                break;
            }
        }

        return spans;
    }

    private SignalSpan Take(GeneratedModality modality, IReadOnlyList<long> ids, IReadOnlyList<long> generated, int start, Tensor rows)
    {
        var end = start + ids.Count;
        if (end > generated.Count || !generated.Skip(start).Take(ids.Count).SequenceEqual(ids))
        {
            // Legacy asserts the same: the generation loop forces the rest of the run once the first signal token appears.
            throw new InvalidDataException($"The {modality} signal run at generated token {start} is not the complete " +
                $"sequence of its {ids.Count} signal ids; force the remaining ids when the first one is sampled.");
        }

        if (end > rows.shape[0])
        {
            throw new InvalidOperationException($"The {modality} signal run ends at generated token {end - 1}, but hidden " +
                $"states were given for {rows.shape[0]} fed tokens; decode at least one step past the last signal token.");
        }

        using var scope = NewDisposeScope();
        var hidden = rows[start..end].unsqueeze(0);                                 // (1, N, hidden)
        var embeds = embedTokens(tensor(ids.ToArray(), dtype: ScalarType.Int64).unsqueeze(0)); // (1, N, hidden)
        return new SignalSpan(modality, start, hidden.MoveToOuterDisposeScope(), embeds.MoveToOuterDisposeScope());
    }
}
