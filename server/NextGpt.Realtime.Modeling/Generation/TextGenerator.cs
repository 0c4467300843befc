using NextGpt.Realtime.Modeling.LanguageModel;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// The autoregressive loop for one reply, unrolled and visible: prefill the prompt into a KV cache, then report, sample,
/// feed back, repeat (a <see cref="BatchedDecoder"/> with one sequence). Model, sampler and loop stay separate
/// (style.md 11). It is synchronous by design: TorchSharp dispose scopes are per thread and do not survive an await, so
/// the caller's thread runs every step; <see cref="BatchedGenerator"/> is the asynchronous, batched form. Cancellation is
/// checked between steps.
/// </summary>
public sealed class TextGenerator
{
    private readonly LlamaForCausalLM _model;

    public TextGenerator(LlamaForCausalLM model) => _model = model;

    /// <summary>Generates from token ids.</summary>
    /// <param name="promptIds">(T) prompt token ids.</param>
    /// <param name="decoder">Turns tokens into <see cref="GeneratedToken.Text"/>; needed for stop strings.</param>
    public IEnumerable<GeneratedToken> Generate(IReadOnlyList<long> promptIds, GenerationOptions options,
        ITokenDecoder? decoder = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var batch = new BatchedDecoder(_model);
        var sequence = batch.Add(promptIds, options, decoder);
        foreach (var token in Run(batch, sequence, cancellationToken))
        {
            yield return token;
        }
    }

    /// <summary>
    /// Generates from prompt embeddings, as NExT-GPT does after splicing projected media features between the text
    /// embeddings (architecture notes section 2.1).
    /// </summary>
    /// <param name="promptEmbeds">(1, T, D); the caller keeps ownership.</param>
    /// <param name="promptIds">The prompt's token ids where known, for the repetition penalty.</param>
    public IEnumerable<GeneratedToken> GenerateFromEmbeddings(Tensor promptEmbeds, GenerationOptions options,
        IReadOnlyList<long>? promptIds = null, ITokenDecoder? decoder = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var batch = new BatchedDecoder(_model);
        var sequence = batch.AddEmbeddings(promptEmbeds, options, promptIds, decoder);
        foreach (var token in Run(batch, sequence, cancellationToken))
        {
            yield return token;
        }
    }

    private static IEnumerable<GeneratedToken> Run(BatchedDecoder batch, DecodingSequence sequence, CancellationToken cancellationToken)
    {
        while (!sequence.IsFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (_, token) in batch.Step())
            {
                yield return token;
            }
        }
    }
}
