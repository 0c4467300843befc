using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>
/// A prompt ready for the LLM's <c>inputs_embeds</c>: the embeddings and, position for position, the token ids, with
/// <see cref="MediaPlaceholder"/> where a projected media token sits.
/// </summary>
/// <param name="InputsEmbeds">(1, T, hidden). The caller owns it.</param>
/// <param name="TokenIds">T ids; media positions hold <see cref="MediaPlaceholder"/>.</param>
public sealed record AssembledPrompt(Tensor InputsEmbeds, IReadOnlyList<long> TokenIds)
{
    /// <summary>The id recorded at media positions (the new NExT-GPT code uses negative ids, -200 for images, likewise).</summary>
    public const long MediaPlaceholder = -1;

    public int Length => TokenIds.Count;
}
