using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// What the UNet needs from any of its down blocks (diffusers calls them through one loop in
/// <c>UNet2DConditionModel.forward</c>): resnets (and attentions), then an optional downsampler; every intermediate
/// output is kept for the skip connections of the up path.
/// </summary>
public abstract class UNetDownBlock : nn.Module
{
    protected UNetDownBlock(string name) : base(name)
    {
    }

    /// <param name="hiddenStates">(B, C_in, H, W).</param>
    /// <param name="temb">(B, temb_channels).</param>
    /// <param name="encoderHiddenStates">(B, S, cross_attention_dim) or null.</param>
    /// <returns>The block output (B, C_out, H', W') and the skip tensors in order (one per resnet, plus the downsampled one).</returns>
    public abstract (Tensor Hidden, Tensor[] Residuals) forward(Tensor hiddenStates, Tensor temb, Tensor? encoderHiddenStates);
}

/// <summary>What the UNet needs from any of its up blocks: each resnet consumes one skip tensor (last first).</summary>
public abstract class UNetUpBlock : nn.Module
{
    protected UNetUpBlock(string name) : base(name)
    {
    }

    /// <summary>How many skip tensors the block consumes (its number of resnets).</summary>
    public abstract int ResnetCount { get; }

    /// <param name="hiddenStates">(B, C_prev, H, W).</param>
    /// <param name="residuals">The skip tensors this block consumes, in down-path order; the last is used first.</param>
    /// <param name="temb">(B, temb_channels).</param>
    /// <param name="encoderHiddenStates">(B, S, cross_attention_dim) or null.</param>
    /// <param name="upsampleSize">Explicit (H', W') for the upsampler, or null for x2.</param>
    /// <returns>(B, C_out, H', W').</returns>
    public abstract Tensor forward(Tensor hiddenStates, IReadOnlyList<Tensor> residuals, Tensor temb, Tensor? encoderHiddenStates,
        long[]? upsampleSize);
}
