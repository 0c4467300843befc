using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// What UNet3DConditionModel needs from its down blocks (diffusers 0.17.1 models/unet_3d_blocks.py): the 2D down block's
/// contract on frames folded into the batch, (B F, C, H, W), plus the frame count the temporal layers unfold them by.
/// </summary>
public abstract class UNet3DDownBlock : nn.Module
{
    protected UNet3DDownBlock(string name) : base(name)
    {
    }

    /// <param name="hiddenStates">(B F, C_in, H, W).</param>
    /// <param name="temb">(B F, temb_channels): each video's time embedding repeated per frame.</param>
    /// <param name="encoderHiddenStates">(B F, S, cross_attention_dim): each video's conditioning repeated per frame.</param>
    /// <param name="numFrames">F.</param>
    /// <returns>The block output (B F, C_out, H', W') and the skip tensors in order.</returns>
    public abstract (Tensor Hidden, Tensor[] Residuals) forward(Tensor hiddenStates, Tensor temb, Tensor encoderHiddenStates, long numFrames);
}

/// <summary>What UNet3DConditionModel needs from its up blocks: each resnet consumes one skip tensor (last first).</summary>
public abstract class UNet3DUpBlock : nn.Module
{
    protected UNet3DUpBlock(string name) : base(name)
    {
    }

    /// <summary>How many skip tensors the block consumes (its number of resnets).</summary>
    public abstract int ResnetCount { get; }

    /// <param name="hiddenStates">(B F, C_prev, H, W).</param>
    /// <param name="residuals">The skip tensors this block consumes, in down-path order; the last is used first.</param>
    /// <param name="temb">(B F, temb_channels).</param>
    /// <param name="encoderHiddenStates">(B F, S, cross_attention_dim).</param>
    /// <param name="upsampleSize">Explicit (H', W') for the upsampler, or null for x2.</param>
    /// <param name="numFrames">F.</param>
    /// <returns>(B F, C_out, H', W').</returns>
    public abstract Tensor forward(Tensor hiddenStates, IReadOnlyList<Tensor> residuals, Tensor temb, Tensor encoderHiddenStates,
        long[]? upsampleSize, long numFrames);
}
