using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>One UNet call (the arguments of diffusers' <c>UNet2DConditionModel.forward</c> that SD and AudioLDM use).</summary>
/// <param name="Sample">(B, in_channels, H, W) noisy latents (already scaled by the scheduler's scale_model_input).</param>
/// <param name="Timestep">A scalar or (B) timestep tensor; integer or fractional (Euler).</param>
/// <param name="EncoderHiddenStates">(B, S, cross_attention_dim) text-encoder states (SD), or null (AudioLDM).</param>
/// <param name="ClassLabels">(B, projection_class_embeddings_input_dim) for UNets with a class embedding (AudioLDM's
/// L2-normalised CLAP text embedding), otherwise null.</param>
public sealed record UNet2DConditionInput(Tensor Sample, Tensor Timestep, Tensor? EncoderHiddenStates = null, Tensor? ClassLabels = null);
