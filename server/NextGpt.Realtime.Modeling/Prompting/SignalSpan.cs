using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>
/// One run of signal tokens found in the generated text, with the two inputs of the modality's output projector.
/// </summary>
/// <param name="Start">Index, in the generated tokens, of the first signal token.</param>
/// <param name="HiddenStates">(1, N, hidden): last-layer, final-norm hidden states at the signal tokens' input positions.</param>
/// <param name="InputEmbeds">(1, N, hidden): the input embeddings of the N signal ids.</param>
public sealed record SignalSpan(SignalModality Modality, int Start, Tensor HiddenStates, Tensor InputEmbeds);
