using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>
/// Splices text and projected media into one <c>inputs_embeds</c> sequence, as NExT-GPT's legacy
/// <c>prepare_generation_embedding</c> does (architecture notes section 2.1): every text segment is tokenized without
/// special tokens and, by default, gets its own BOS in front (the legacy inference quirk: one BOS per text segment, so a
/// prompt with an image has two); a media segment becomes <c>emb(open) + tokens + emb(close)</c>. With
/// <see cref="BosPerTextSegment"/> off, one BOS starts the prompt, as in training (<c>prompt_wrap</c>).
/// </summary>
/// <param name="tokenizer">Any tokenizer that keeps added tokens whole.</param>
/// <param name="embedTokens">The LLM's input embedding: (1, T) int64 ids to (1, T, hidden), e.g. <c>LlamaModel.Embed</c>.</param>
public sealed class PromptAssembler(IPromptTokenizer tokenizer, Func<Tensor, Tensor> embedTokens)
{
    /// <summary>Assembles with one of the project's tokenizers (LLaMA SentencePiece or the trained byte-level BPE).</summary>
    public PromptAssembler(ITextTokenizer tokenizer, Func<Tensor, Tensor> embedTokens)
        : this(new DelegatePromptTokenizer(text => [.. tokenizer.Encode(text, addBos: false).Select(id => (long)id)],
            tokenizer.SpecialIds.Bos), embedTokens)
    {
    }

    public bool BosPerTextSegment { get; init; } = true;

    public AssembledPrompt Assemble(IReadOnlyList<PromptSegment> segments)
    {
        if (segments.Count == 0)
        {
            throw new ArgumentException("A prompt needs at least one segment.", nameof(segments));
        }

        using var scope = NewDisposeScope();
        var pieces = new List<Tensor>();                                           // each (1, n, hidden)
        var ids = new List<long>();
        var pending = new List<long>();                                            // text ids not yet embedded
        if (!BosPerTextSegment)
        {
            pending.Add(tokenizer.BosTokenId);
        }

        foreach (var segment in segments)
        {
            switch (segment)
            {
                case PromptText text:
                    if (BosPerTextSegment)
                    {
                        pending.Add(tokenizer.BosTokenId);
                    }

                    pending.AddRange(tokenizer.Encode(text.Text));
                    break;
                case PromptMedia media:
                    CheckMedia(media.Tokens);
                    pending.AddRange(tokenizer.Encode(media.Open));
                    Flush(pending, pieces, ids);
                    pieces.Add(media.Tokens);
                    ids.AddRange(Enumerable.Repeat(AssembledPrompt.MediaPlaceholder, (int)media.Tokens.shape[1]));
                    pending.AddRange(tokenizer.Encode(media.Close));
                    break;
                default:
                    throw new ArgumentException($"Unknown prompt segment {segment.GetType().Name}.", nameof(segments));
            }
        }

        Flush(pending, pieces, ids);
        var hidden = pieces.Select(p => p.shape[2]).Distinct().ToList();
        if (hidden.Count != 1)
        {
            throw new ArgumentException($"The media tokens' width ({string.Join(", ", hidden)}) differs from the LLM's embeddings.");
        }

        // Media tokens take the embedding table's dtype and device (the projector may run in float32 beside a float16 LLM).
        var reference = pieces.First(p => !segments.OfType<PromptMedia>().Any(m => ReferenceEquals(m.Tokens, p)));
        var embeds = cat(pieces.Select(p => p.to(reference.dtype, reference.device)).ToList(), 1); // (1, T, hidden)
        return new AssembledPrompt(embeds.MoveToOuterDisposeScope(), ids);
    }

    private void Flush(List<long> pending, List<Tensor> pieces, List<long> ids)
    {
        if (pending.Count == 0)
        {
            return;
        }

        pieces.Add(embedTokens(tensor(pending.ToArray(), dtype: ScalarType.Int64).unsqueeze(0))); // (1, n, hidden)
        ids.AddRange(pending);
        pending.Clear();
    }

    private static void CheckMedia(Tensor tokens)
    {
        if (tokens.dim() != 3 || tokens.shape[0] != 1 || tokens.shape[1] == 0)
        {
            throw new ArgumentException($"Media tokens must be (1, n, hidden) with n >= 1; got [{string.Join(", ", tokens.shape)}].");
        }
    }
}
