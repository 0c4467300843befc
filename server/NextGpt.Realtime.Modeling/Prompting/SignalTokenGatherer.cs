using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>
/// Finds the signal-token runs in generated tokens and gathers what the output projectors read (architecture notes
/// section 5.3, legacy <c>generate</c>/<c>generate_images</c>): for a run starting at generated token g, the hidden states of
/// the N positions where tokens g .. g+N-1 were fed to the LLM (legacy <c>emb[:, g-1 : g-1+N]</c> with its BOS-offset
/// <c>sequences</c>; the same positions training uses), and the input embeddings of the N signal ids. Decoding must go on
/// at least one step past the last signal token so that token has been fed (the model continues with <c>\n###</c>).
/// </summary>
/// <param name="runs">The signal ids of each medium, in order (for example a tokenizer's <see cref="SignalTokens"/>).</param>
/// <param name="embedTokens">The LLM's input embedding: (1, N) int64 ids to (1, N, hidden).</param>
public sealed class SignalTokenGatherer(IReadOnlyDictionary<SignalModality, IReadOnlyList<long>> runs, Func<Tensor, Tensor> embedTokens)
{
    /// <summary>Gathers with the signal tokens of one of the project's tokenizers.</summary>
    public SignalTokenGatherer(SignalTokens signals, Func<Tensor, Tensor> embedTokens)
        : this(Enum.GetValues<SignalModality>().ToDictionary(m => m, m => (IReadOnlyList<long>)[.. signals.For(m).Select(id => (long)id)]),
            embedTokens)
    {
    }

    /// <summary>From generated tokens as the generators report them (each with the hidden state where it was fed).</summary>
    public IReadOnlyList<SignalSpan> Gather(IReadOnlyList<GeneratedToken> tokens)
    {
        using var scope = NewDisposeScope();
        // A token's hidden state is known once it has been fed; the reply's last token may not have been.
        var fed = tokens.TakeWhile(t => t.HiddenState.Length > 0).ToList();
        var rows = fed.Count == 0
            ? zeros(0, 0)
            : stack(fed.Select(t => tensor(t.HiddenState)).ToList());               // (F, hidden)
        var spans = Gather([.. tokens.Select(t => t.Id)], rows);
        foreach (var span in spans)
        {
            span.HiddenStates.MoveToOuterDisposeScope();
            span.InputEmbeds.MoveToOuterDisposeScope();
        }

        return spans;
    }

    /// <param name="generatedIds">The generated tokens in order (prompt excluded).</param>
    /// <param name="fedHiddenStates">
    /// (F, hidden) or (1, F, hidden): row j is the last-layer, final-norm hidden state computed when generated token j was
    /// the input. F may be smaller than the number of generated tokens (the last tokens not yet fed).
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
            foreach (var (modality, ids) in runs)
            {
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

    private SignalSpan Take(SignalModality modality, IReadOnlyList<long> ids, IReadOnlyList<long> generated, int start, Tensor rows)
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
