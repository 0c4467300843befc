using NextGpt.Realtime.Modeling.Caching;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Sampling;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// The autoregressive loop for one sequence, unrolled and visible: prefill the prompt embeddings into a KV cache, then
/// sample, feed back, repeat. Model, sampler and loop stay separate (style.md 11). It is synchronous by design: TorchSharp
/// dispose scopes are per thread and do not survive an await, so the inference worker runs it on its own thread and
/// forwards tokens to async consumers. Cancellation is checked between steps.
/// </summary>
public sealed class TextGenerator
{
    private readonly LlamaForCausalLM _model;

    public TextGenerator(LlamaForCausalLM model) => _model = model;

    /// <summary>Generates from token ids.</summary>
    /// <param name="promptIds">(T) prompt token ids.</param>
    public IEnumerable<GeneratedToken> Generate(IReadOnlyList<long> promptIds, GenerationOptions options,
        CancellationToken cancellationToken = default)
    {
        using var ids = tensor(promptIds.ToArray(), device: _model.LmHead.weight!.device).unsqueeze(0); // (1, T)
        using var embeds = _model.Model.Embed(ids);                                                        // (1, T, D)
        foreach (var token in GenerateFromEmbeddings(embeds, options, promptIds, cancellationToken))
        {
            yield return token;
        }
    }

    /// <summary>
    /// Generates from prompt embeddings, as NExT-GPT does after splicing projected media features between the text
    /// embeddings (architecture notes section 2.1).
    /// </summary>
    /// <param name="promptEmbeds">(1, T, D).</param>
    /// <param name="promptIds">The prompt's token ids where known, for the repetition penalty.</param>
    public IEnumerable<GeneratedToken> GenerateFromEmbeddings(Tensor promptEmbeds, GenerationOptions options,
        IReadOnlyList<long>? promptIds = null, CancellationToken cancellationToken = default)
    {
        if (promptEmbeds.dim() != 3 || promptEmbeds.shape[0] != 1)
        {
            throw new ArgumentException("Prompt embeddings must be (1, T, D); batch several sequences with BatchedGenerator.");
        }

        var sampler = new TokenSampler(options.Sampling);
        var history = new List<long>(promptIds ?? []);
        using var cache = new KvCache(_model.Config.NumHiddenLayers);
        using var noGrad = no_grad();

        // A token's hidden state is the one computed where the token is the input (NExT-GPT reads the signal tokens'
        // states at their own positions), so each token is reported one step later, and the last one costs one more step.
        var next = promptEmbeds.alias();                                            // (1, T, D) then (1, 1, D)
        long? pending = null;
        try
        {
            for (var step = 0; step <= options.MaxNewTokens; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                GeneratedToken? finished = null;
                long? sampled = null;
                using (var scope = NewDisposeScope())
                {
                    var output = _model.forward(new LlamaInput(InputsEmbeds: next, Cache: cache));
                    if (pending is { } previous)
                    {
                        var hidden = output.HiddenStates.select(1, -1).squeeze(0);      // (D)
                        finished = new GeneratedToken(previous, step - 1,
                            hidden.to_type(ScalarType.Float32).cpu().data<float>().ToArray(), options.StopTokenIds.Contains(previous));
                    }

                    if (finished is not { IsStop: true } && step < options.MaxNewTokens)
                    {
                        var id = sampler.Sample(output.Logits.select(1, -1), [history])[0]; // (1, vocab) -> id
                        sampled = id;
                        next.Dispose();
                        next = _model.Model.Embed(tensor(new[] { id }, device: output.Logits.device).unsqueeze(0)) // (1, 1, D)
                            .DetachFromDisposeScope();
                    }
                }

                if (finished is not null)
                {
                    yield return finished;
                }

                if (sampled is not { } newId)
                {
                    yield break;
                }

                history.Add(newId);
                pending = newId;
            }
        }
        finally
        {
            next.Dispose();
        }
    }
}
