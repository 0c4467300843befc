using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// The video denoising UNet of ModelScope text-to-video and Zeroscope (diffusers 0.17.1 models/unet_3d_condition.py
/// <c>UNet3DConditionModel</c>), with diffusers' state-dict keys. It is the 2D latent-diffusion UNet run on every frame
/// (frames folded into the batch) with temporal layers between its 2D layers: a temporal convolution after every resnet,
/// a temporal transformer after every spatial transformer, and <c>transformer_in</c> (temporal attention) right after
/// <c>conv_in</c>. Conditioning is cross-attention to text states (Zeroscope: OpenCLIP-H, 77 x 1024), the same for
/// every frame of a video.
/// </summary>
public sealed class UNet3DConditionModel : nn.Module
{
    [ComponentName(Name = "conv_in")] private readonly Conv2d _convIn;
    [ComponentName(Name = "time_proj")] private readonly Timesteps _timeProj;
    [ComponentName(Name = "time_embedding")] private readonly TimestepEmbedding _timeEmbedding;
    [ComponentName(Name = "transformer_in")] private readonly TransformerTemporalModel _transformerIn;
    [ComponentName(Name = "down_blocks")] private readonly ModuleList<UNet3DDownBlock> _downBlocks;
    [ComponentName(Name = "up_blocks")] private readonly ModuleList<UNet3DUpBlock> _upBlocks;
    [ComponentName(Name = "mid_block")] private readonly UNetMidBlock3DCrossAttn _midBlock;
    [ComponentName(Name = "conv_norm_out")] private readonly GroupNorm _convNormOut;
    [ComponentName(Name = "conv_out")] private readonly Conv2d _convOut;

    public UNet3DConditionModel(UNet3DConditionConfig config, Device? device = null) : base(nameof(UNet3DConditionModel))
    {
        config.Validate();
        Config = config;
        var channels = config.BlockOutChannels;
        var blocks = config.Blocks;
        var (groups, eps, act, headDim, cross, layers) =
            (config.Groups, config.NormEps, config.ActFn, config.HeadDim, config.CrossAttentionDim, config.LayersPerBlock);
        var temb = config.TimeEmbedDim;

        _convIn = nn.Conv2d(config.InChannels, channels[0], 3, padding: 1, device: device);
        _timeProj = new Timesteps(channels[0], flipSinToCos: true, downscaleFreqShift: 0);
        _timeEmbedding = new TimestepEmbedding(channels[0], temb, act, device: device);
        // 8 heads of attention_head_dim channels, whatever the block width (diffusers 0.17.1), GroupNorm with its default 32 groups.
        _transformerIn = new TransformerTemporalModel(UNet3DConditionConfig.TransformerInHeads, headDim, channels[0], device: device);

        var down = new List<UNet3DDownBlock>();
        for (var i = 0; i < blocks; i++)
        {
            var (input, output, last) = (i == 0 ? channels[0] : channels[i - 1], channels[i], i == blocks - 1);
            down.Add(config.DownBlockTypes[i] == UNet3DConditionConfig.CrossAttnDownBlock3D
                ? new CrossAttnDownBlock3D(input, output, temb, layers, groups, eps, act, !last, config.DownsamplePadding, headDim, cross, device)
                : new DownBlock3D(input, output, temb, layers, groups, eps, act, !last, config.DownsamplePadding, device));
        }

        _downBlocks = new ModuleList<UNet3DDownBlock>(down.ToArray());
        _midBlock = new UNetMidBlock3DCrossAttn(channels[^1], temb, groups, eps, act, config.MidBlockScaleFactor, headDim, cross, device: device);

        var up = new List<UNet3DUpBlock>();
        for (var i = 0; i < blocks; i++)
        {
            // Up block i mirrors down block (blocks - 1 - i).
            var r = blocks - 1 - i;
            var (prev, output, input) = (channels[Math.Min(r + 1, blocks - 1)], channels[r], channels[Math.Max(r - 1, 0)]);
            var addUpsample = i != blocks - 1;
            up.Add(config.UpBlockTypes[i] == UNet3DConditionConfig.CrossAttnUpBlock3D
                ? new CrossAttnUpBlock3D(input, prev, output, temb, layers + 1, groups, eps, act, addUpsample, headDim, cross, device)
                : new UpBlock3D(input, prev, output, temb, layers + 1, groups, eps, act, addUpsample, device));
        }

        _upBlocks = new ModuleList<UNet3DUpBlock>(up.ToArray());
        _convNormOut = DiffusionNorms.GroupNorm(groups, channels[0], eps, device);
        _convOut = nn.Conv2d(channels[0], config.OutChannels, 3, padding: 1, device: device);
        RegisterComponents();
    }

    public UNet3DConditionConfig Config { get; }

    /// <summary>Loads a diffusers UNet3D folder (<c>config.json</c> + weights).</summary>
    public static UNet3DConditionModel FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var model = new UNet3DConditionModel(UNet3DConditionConfig.Load(Path.Combine(directory, "config.json")), device);
        DiffusersWeights.LoadInto(model, directory, dtype);
        return model;
    }

    /// <summary>Predicts the noise of a batch of video latents.</summary>
    /// <param name="sample">(B, in_channels, F, H, W) noisy video latents.</param>
    /// <param name="timestep">Scalar or (B) timesteps (integer or fractional).</param>
    /// <param name="encoderHiddenStates">(B, S, cross_attention_dim) text conditioning, shared by a video's frames.</param>
    /// <returns>(B, out_channels, F, H, W).</returns>
    public Tensor forward(Tensor sample, Tensor timestep, Tensor encoderHiddenStates)
    {
        CheckInputs(sample, timestep, encoderHiddenStates);
        using var scope = NewDisposeScope();
        var (batch, channels, frames, height, width) = (sample.shape[0], sample.shape[1], sample.shape[2], sample.shape[3], sample.shape[4]);
        // The up path can only double sizes; other sizes are forwarded explicitly (diffusers: forward_upsample_size).
        var forwardUpsampleSize = height % Config.UpsampleFactor != 0 || width % Config.UpsampleFactor != 0;

        var timesteps = (timestep.dim() == 0 ? timestep.unsqueeze(0) : timestep).to(sample.device).expand(batch);     // (B)
        var emb = _timeEmbedding.forward(_timeProj.forward(timesteps).to_type(sample.dtype));                           // (B, temb)
        emb = emb.repeat_interleave(frames, dim: 0);                                                                    // (B F, temb)
        var encoder = encoderHiddenStates.to_type(sample.dtype).repeat_interleave(frames, dim: 0);                      // (B F, S, D)

        var hidden = sample.permute(0, 2, 1, 3, 4).reshape(batch * frames, channels, height, width);                   // (B F, C, H, W)
        hidden = _convIn.forward(hidden);                                                                               // (B F, C0, H, W)
        hidden = _transformerIn.forward(hidden, frames);

        var skips = new List<Tensor> { hidden };
        foreach (var block in _downBlocks)
        {
            var (output, residuals) = block.forward(hidden, emb, encoder, frames);
            hidden = output;
            skips.AddRange(residuals);
        }

        hidden = _midBlock.forward(hidden, emb, encoder, frames);                                                       // (B F, C_last, h, w)

        for (var i = 0; i < _upBlocks.Count; i++)
        {
            var block = _upBlocks[i];
            var consumed = skips.GetRange(skips.Count - block.ResnetCount, block.ResnetCount);
            skips.RemoveRange(skips.Count - block.ResnetCount, block.ResnetCount);
            var upsampleSize = forwardUpsampleSize && i != _upBlocks.Count - 1 ? skips[^1].shape[2..] : null;
            hidden = block.forward(hidden, consumed, emb, encoder, upsampleSize, frames);
        }

        // conv_act is SiLU whatever act_fn says (diffusers 0.17.1).
        hidden = _convOut.forward(nn.functional.silu(_convNormOut.forward(hidden)));                                    // (B F, out, H, W)
        var video = hidden.reshape(batch, frames, hidden.shape[1], height, width).permute(0, 2, 1, 3, 4);
        return video.contiguous().MoveToOuterDisposeScope();                                                            // (B, out, F, H, W)
    }

    private void CheckInputs(Tensor sample, Tensor timestep, Tensor encoderHiddenStates)
    {
        if (sample.dim() != 5 || sample.shape[1] != Config.InChannels)
        {
            throw new ArgumentException(
                $"sample must be (B, {Config.InChannels}, F, H, W) video latents; got shape [{string.Join(", ", sample.shape)}].", nameof(sample));
        }

        if (timestep.dim() > 1 || (timestep.dim() == 1 && timestep.shape[0] != 1 && timestep.shape[0] != sample.shape[0]))
        {
            throw new ArgumentException(
                $"timestep must be a scalar or one value per video ({sample.shape[0]}); got shape [{string.Join(", ", timestep.shape)}].", nameof(timestep));
        }

        if (encoderHiddenStates.dim() != 3 || encoderHiddenStates.shape[0] != sample.shape[0] || encoderHiddenStates.shape[2] != Config.CrossAttentionDim)
        {
            throw new ArgumentException(
                $"encoder_hidden_states must be ({sample.shape[0]}, S, {Config.CrossAttentionDim}); got shape " +
                $"[{string.Join(", ", encoderHiddenStates.shape)}].", nameof(encoderHiddenStates));
        }
    }
}
