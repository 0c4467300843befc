using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// The conditional denoising UNet of latent diffusion (diffusers 0.17.1 models/unet_2d_condition.py
/// <c>UNet2DConditionModel</c>), configured from its <c>config.json</c>, with diffusers' state-dict keys
/// (<c>conv_in.weight</c>, <c>time_embedding.linear_1.weight</c>,
/// <c>down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight</c>, ...). Stable Diffusion conditions it on
/// text-encoder states through cross-attention; AudioLDM on a CLAP vector through the class embedding
/// (<c>class_labels</c>) with no encoder states. Predicts the noise (or v) of the sample at a timestep.
/// </summary>
public sealed class UNet2DConditionModel : nn.Module
{
    [ComponentName(Name = "conv_in")] private readonly Conv2d _convIn;
    [ComponentName(Name = "time_proj")] private readonly Timesteps _timeProj;
    [ComponentName(Name = "time_embedding")] private readonly TimestepEmbedding _timeEmbedding;
    [ComponentName(Name = "class_embedding")] private readonly nn.Module<Tensor, Tensor>? _classEmbedding;
    [ComponentName(Name = "down_blocks")] private readonly ModuleList<UNetDownBlock> _downBlocks;
    [ComponentName(Name = "up_blocks")] private readonly ModuleList<UNetUpBlock> _upBlocks;
    [ComponentName(Name = "mid_block")] private readonly UNetMidBlock2DCrossAttn? _midBlock;
    [ComponentName(Name = "conv_norm_out")] private readonly GroupNorm _convNormOut;
    [ComponentName(Name = "conv_out")] private readonly Conv2d _convOut;

    public UNet2DConditionModel(UNet2DConditionConfig config, Device? device = null) : base(nameof(UNet2DConditionModel))
    {
        config.Validate();
        Config = config;
        var channels = config.BlockOutChannels;
        var blocks = config.Blocks;
        var heads = config.AttentionHeadDim.Resolve(blocks, "attention_head_dim");
        var crossDims = config.CrossAttentionDim.Resolve(blocks, "cross_attention_dim");
        var layers = config.LayersPerBlock.Resolve(blocks, "layers_per_block");
        var onlyCross = config.OnlyCrossAttention.Resolve(blocks, "only_cross_attention");
        var (groups, eps, act, shift) = (config.Groups, config.NormEps, config.ActFn, config.ResnetTimeScaleShift);
        var temb = config.BlocksTimeEmbedDim;

        _convIn = nn.Conv2d(config.InChannels, channels[0], config.ConvInKernel, padding: (config.ConvInKernel - 1) / 2, device: device);
        _timeProj = new Timesteps(channels[0], config.FlipSinToCos, config.FreqShift);
        _timeEmbedding = new TimestepEmbedding(channels[0], config.TimeEmbedDim, act, config.TimestepPostAct, device);
        _classEmbedding = CreateClassEmbedding(config, device);

        var down = new List<UNetDownBlock>();
        for (var i = 0; i < blocks; i++)
        {
            var (input, output, last) = (i == 0 ? channels[0] : channels[i - 1], channels[i], i == blocks - 1);
            down.Add(config.DownBlockTypes[i] == UNet2DConditionConfig.CrossAttnDownBlock2D
                ? new CrossAttnDownBlock2D(input, output, temb, layers[i], groups, eps, act, shift, !last, config.DownsamplePadding,
                    heads[i], crossDims[i], config.UseLinearProjection, onlyCross[i], config.UpcastAttention, device)
                : new DownBlock2D(input, output, temb, layers[i], groups, eps, act, shift, !last, config.DownsamplePadding, device));
        }

        _downBlocks = new ModuleList<UNetDownBlock>(down.ToArray());
        if (config.MidBlockType is not null)
        {
            _midBlock = new UNetMidBlock2DCrossAttn(channels[^1], temb, groups, eps, act, shift, config.MidBlockScaleFactor, heads[^1],
                crossDims[^1], config.UseLinearProjection, config.UpcastAttention, device: device);
        }

        var up = new List<UNetUpBlock>();
        for (var i = 0; i < blocks; i++)
        {
            // Up block i mirrors down block (blocks - 1 - i); every per-block list is read reversed.
            var r = blocks - 1 - i;
            var (prev, output, input) = (channels[Math.Min(r + 1, blocks - 1)], channels[r], channels[Math.Max(r - 1, 0)]);
            var addUpsample = i != blocks - 1;
            up.Add(config.UpBlockTypes[i] == UNet2DConditionConfig.CrossAttnUpBlock2D
                ? new CrossAttnUpBlock2D(input, prev, output, temb, layers[r] + 1, groups, eps, act, shift, addUpsample, heads[r],
                    crossDims[r], config.UseLinearProjection, onlyCross[r], config.UpcastAttention, device)
                : new UpBlock2D(input, prev, output, temb, layers[r] + 1, groups, eps, act, shift, addUpsample, device));
        }

        _upBlocks = new ModuleList<UNetUpBlock>(up.ToArray());
        _convNormOut = DiffusionNorms.GroupNorm(groups, channels[0], eps, device);
        _convOut = nn.Conv2d(channels[0], config.OutChannels, config.ConvOutKernel, padding: (config.ConvOutKernel - 1) / 2, device: device);
        RegisterComponents();
    }

    public UNet2DConditionConfig Config { get; }

    /// <summary>Loads a diffusers UNet folder (<c>config.json</c> + safetensors weights).</summary>
    public static UNet2DConditionModel FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var model = new UNet2DConditionModel(UNet2DConditionConfig.Load(Path.Combine(directory, "config.json")), device);
        DiffusersWeights.LoadInto(model, directory, dtype);
        return model;
    }

    /// <summary>Predicts the noise (epsilon or v, per the scheduler's prediction_type) of <c>input.Sample</c>.</summary>
    /// <returns>(B, out_channels, H, W).</returns>
    public Tensor forward(UNet2DConditionInput input)
    {
        using var scope = NewDisposeScope();
        var sample = input.Sample;
        var batch = sample.shape[0];
        // The up path can only double sizes; other sizes are forwarded explicitly (diffusers: forward_upsample_size).
        var forwardUpsampleSize = sample.shape[^2] % Config.UpsampleFactor != 0 || sample.shape[^1] % Config.UpsampleFactor != 0;
        if (Config.CenterInputSample)
        {
            sample = (sample * 2) - 1.0;
        }

        var emb = TimeEmbedding(input.Timestep, input.ClassLabels, batch, sample.dtype, sample.device);  // (B, temb)
        var encoder = input.EncoderHiddenStates;

        var hidden = _convIn.forward(sample);                                                         // (B, C0, H, W)
        var skips = new List<Tensor> { hidden };
        foreach (var block in _downBlocks)
        {
            var (output, residuals) = block.forward(hidden, emb, encoder);
            hidden = output;
            skips.AddRange(residuals);
        }

        if (_midBlock is not null)
        {
            hidden = _midBlock.forward(hidden, emb, encoder);                                          // (B, C_last, h, w)
        }

        for (var i = 0; i < _upBlocks.Count; i++)
        {
            var block = _upBlocks[i];
            var consumed = skips.GetRange(skips.Count - block.ResnetCount, block.ResnetCount);
            skips.RemoveRange(skips.Count - block.ResnetCount, block.ResnetCount);
            var upsampleSize = forwardUpsampleSize && i != _upBlocks.Count - 1 ? skips[^1].shape[2..] : null;
            hidden = block.forward(hidden, consumed, emb, encoder, upsampleSize);
        }

        hidden = DiffusionActivation.Apply(Config.ActFn, _convNormOut.forward(hidden));
        return _convOut.forward(hidden).MoveToOuterDisposeScope();                                    // (B, out, H, W)
    }

    private Tensor TimeEmbedding(Tensor timestep, Tensor? classLabels, long batch, ScalarType dtype, Device device)
    {
        var timesteps = timestep.dim() == 0 ? timestep.unsqueeze(0) : timestep;
        timesteps = timesteps.to(device).expand(batch);                                                // (B)
        var emb = _timeEmbedding.forward(_timeProj.forward(timesteps).to_type(dtype));                 // (B, temb)
        if (_classEmbedding is not null)
        {
            if (classLabels is null)
            {
                throw new ArgumentException(
                    $"This UNet has a class embedding ({Config.ClassEmbedType ?? "num_class_embeds"}); class_labels must be given.");
            }

            var labels = Config.ClassEmbedType == "timestep" ? _timeProj.forward(classLabels).to_type(dtype) : classLabels;
            var classEmb = _classEmbedding.forward(labels).to_type(dtype);                              // (B, temb)
            emb = Config.ClassEmbeddingsConcat == true ? cat([emb, classEmb], dim: -1) : emb + classEmb;
        }

        return Config.TimeEmbeddingActFn is { } act ? DiffusionActivation.Apply(act, emb) : emb;
    }

    private static nn.Module<Tensor, Tensor>? CreateClassEmbedding(UNet2DConditionConfig config, Device? device) =>
        config.ClassEmbedType switch
        {
            null when config.NumClassEmbeds is { } count => nn.Embedding(count, config.TimeEmbedDim, device: device),
            "timestep" => new TimestepEmbedding(config.BlockOutChannels[0], config.TimeEmbedDim, config.ActFn, device: device),
            "identity" => nn.Identity(),
            // "projection" feeds raw vectors through a TimestepEmbedding whose activation is always SiLU (diffusers'
            // default argument), unlike the time embedding's act_fn.
            "projection" => new TimestepEmbedding(config.ProjectionClassEmbeddingsInputDim!.Value, config.TimeEmbedDim, device: device),
            "simple_projection" => nn.Linear(config.ProjectionClassEmbeddingsInputDim!.Value, config.TimeEmbedDim, device: device),
            _ => null,
        };
}
