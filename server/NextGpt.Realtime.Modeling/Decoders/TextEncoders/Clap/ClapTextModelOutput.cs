using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>What ClapTextModelWithProjection returns (transformers' ClapTextModelOutput).</summary>
/// <param name="TextEmbeds">(B, P): the projected pooled state, not normalised (AudioLDM normalises it).</param>
/// <param name="LastHiddenState">(B, T, D).</param>
public sealed record ClapTextModelOutput(Tensor TextEmbeds, Tensor LastHiddenState);
