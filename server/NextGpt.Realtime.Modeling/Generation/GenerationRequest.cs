using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>One reply to generate with <see cref="BatchedGenerator"/>: a prompt (token ids, or embeddings with media
/// spliced in), when to stop, how to sample, and how to show text.</summary>
public sealed class GenerationRequest
{
    private GenerationRequest(IReadOnlyList<long>? promptIds, Tensor? promptEmbeds, GenerationOptions options, ITokenDecoder? decoder)
    {
        options.Validate();
        PromptIds = promptIds;
        PromptEmbeds = promptEmbeds;
        Options = options;
        Decoder = decoder;
    }

    /// <summary>The prompt's token ids: the whole prompt when <see cref="PromptEmbeds"/> is null, otherwise only used for
    /// the repetition penalty.</summary>
    public IReadOnlyList<long>? PromptIds { get; }

    /// <summary>(1, T, D) prompt embeddings; the generator takes ownership and disposes them once prefilled or dropped.</summary>
    public Tensor? PromptEmbeds { get; }

    public GenerationOptions Options { get; }

    public ITokenDecoder? Decoder { get; }

    /// <summary>A text-only prompt.</summary>
    public static GenerationRequest FromIds(IReadOnlyList<long> promptIds, GenerationOptions options, ITokenDecoder? decoder = null) =>
        promptIds.Count > 0
            ? new GenerationRequest(promptIds, null, options, decoder)
            : throw new ArgumentException("The prompt is empty.", nameof(promptIds));

    /// <summary>A prompt given as embeddings (NExT-GPT's spliced media prompt); ownership of the tensor passes to the generator.</summary>
    public static GenerationRequest FromEmbeddings(Tensor promptEmbeds, GenerationOptions options, IReadOnlyList<long>? promptIds = null,
        ITokenDecoder? decoder = null) =>
        new(promptIds, promptEmbeds.DetachFromDisposeScope(), options, decoder);
}
