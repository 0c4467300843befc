using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>What the CLIP text encoder returns (transformers' BaseModelOutputWithPooling).</summary>
/// <param name="LastHiddenState">(B, T, D) after final_layer_norm: Stable Diffusion's cross-attention conditioning.</param>
/// <param name="PoolerOutput">(B, D): the last hidden state at each row's end-of-text token.</param>
public sealed record ClipTextOutput(Tensor LastHiddenState, Tensor PoolerOutput);
