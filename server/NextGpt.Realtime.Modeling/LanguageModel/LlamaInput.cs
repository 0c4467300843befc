using NextGpt.Realtime.Modeling.Caching;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>
/// One forward call of the decoder. Give token ids or, as NExT-GPT does when it splices projected media embeddings into
/// the prompt, input embeddings.
/// </summary>
/// <param name="InputIds">(B, T) int64, or null when <paramref name="InputsEmbeds"/> is given.</param>
/// <param name="InputsEmbeds">(B, T, D), or null.</param>
/// <param name="AttentionMask">(B, past + T) with 1 for real tokens and 0 for padding; null when nothing is padded.</param>
/// <param name="PositionIds">(B, T) int64; null derives them from the mask or the cache length.</param>
/// <param name="Cache">Keys/values of earlier positions; this call appends to it.</param>
public sealed record LlamaInput(
    Tensor? InputIds = null,
    Tensor? InputsEmbeds = null,
    Tensor? AttentionMask = null,
    Tensor? PositionIds = null,
    KvCache? Cache = null);

/// <summary>What the decoder returns.</summary>
/// <param name="Logits">(B, T, vocab).</param>
/// <param name="HiddenStates">(B, T, D): the last layer's output after the final RMSNorm (NExT-GPT's hidden_states[-1],
/// from which the signal tokens' states are taken; architecture notes section 3).</param>
public sealed record LlamaOutput(Tensor Logits, Tensor HiddenStates);
