using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// A UNet2DConditionModel's shape, read from diffusers' <c>unet/config.json</c> as it is (names and defaults of the
/// <c>__init__</c> of diffusers 0.17.1 <c>models/unet_2d_condition.py</c>). The block types, class embeddings and options
/// used by Stable Diffusion 1.x/2.x and AudioLDM are supported; anything else is refused by <see cref="Validate"/> with
/// the field's name rather than silently built differently.
/// </summary>
public sealed class UNet2DConditionConfig
{
    public const string CrossAttnDownBlock2D = "CrossAttnDownBlock2D";
    public const string DownBlock2D = "DownBlock2D";
    public const string CrossAttnUpBlock2D = "CrossAttnUpBlock2D";
    public const string UpBlock2D = "UpBlock2D";
    public const string UNetMidBlock2DCrossAttn = "UNetMidBlock2DCrossAttn";

    [JsonPropertyName("sample_size")] public int? SampleSize { get; init; }

    [JsonPropertyName("in_channels")] public int InChannels { get; init; } = 4;

    [JsonPropertyName("out_channels")] public int OutChannels { get; init; } = 4;

    [JsonPropertyName("center_input_sample")] public bool CenterInputSample { get; init; }

    [JsonPropertyName("flip_sin_to_cos")] public bool FlipSinToCos { get; init; } = true;

    [JsonPropertyName("freq_shift")] public double FreqShift { get; init; }

    [JsonPropertyName("down_block_types")]
    public IReadOnlyList<string> DownBlockTypes { get; init; } = [CrossAttnDownBlock2D, CrossAttnDownBlock2D, CrossAttnDownBlock2D, DownBlock2D];

    /// <summary>The middle block; null (JSON <c>null</c>) builds a UNet without one.</summary>
    [JsonPropertyName("mid_block_type")] public string? MidBlockType { get; init; } = UNetMidBlock2DCrossAttn;

    [JsonPropertyName("up_block_types")]
    public IReadOnlyList<string> UpBlockTypes { get; init; } = [UpBlock2D, CrossAttnUpBlock2D, CrossAttnUpBlock2D, CrossAttnUpBlock2D];

    /// <summary>Whether the transformer blocks' first attention attends to the encoder states instead of itself.</summary>
    [JsonPropertyName("only_cross_attention")] public PerBlock<bool> OnlyCrossAttention { get; init; } = PerBlock<bool>.Shared(false);

    [JsonPropertyName("block_out_channels")] public IReadOnlyList<int> BlockOutChannels { get; init; } = [320, 640, 1280, 1280];

    [JsonPropertyName("layers_per_block")] public PerBlock<int> LayersPerBlock { get; init; } = PerBlock<int>.Shared(2);

    [JsonPropertyName("downsample_padding")] public int DownsamplePadding { get; init; } = 1;

    [JsonPropertyName("mid_block_scale_factor")] public double MidBlockScaleFactor { get; init; } = 1.0;

    [JsonPropertyName("act_fn")] public string ActFn { get; init; } = "silu";

    /// <summary>Groups of every GroupNorm. (diffusers accepts null only for block types that are not supported here.)</summary>
    [JsonPropertyName("norm_num_groups")] public int? NormNumGroups { get; init; } = 32;

    [JsonIgnore] public int Groups => NormNumGroups ?? 32;

    [JsonPropertyName("norm_eps")] public double NormEps { get; init; } = 1e-5;

    /// <summary>Width of the encoder states per block. AudioLDM's conversion sets it to block_out_channels: its
    /// "cross" attention then attends to the block itself, because AudioLDM passes no encoder states.</summary>
    [JsonPropertyName("cross_attention_dim")] public PerBlock<int> CrossAttentionDim { get; init; } = PerBlock<int>.Shared(1280);

    /// <summary>In diffusers 0.17.1 this is the number of attention heads of each transformer (the head size is
    /// channels / heads), despite its name: <c>Transformer2DModel(attn_num_head_channels, out_channels // attn_num_head_channels)</c>.</summary>
    [JsonPropertyName("attention_head_dim")] public PerBlock<int> AttentionHeadDim { get; init; } = PerBlock<int>.Shared(8);

    [JsonPropertyName("dual_cross_attention")] public bool DualCrossAttention { get; init; }

    [JsonPropertyName("use_linear_projection")] public bool UseLinearProjection { get; init; }

    /// <summary>None, <c>timestep</c>, <c>identity</c>, <c>projection</c> or <c>simple_projection</c> (AudioLDM).</summary>
    [JsonPropertyName("class_embed_type")] public string? ClassEmbedType { get; init; }

    [JsonPropertyName("num_class_embeds")] public int? NumClassEmbeds { get; init; }

    [JsonPropertyName("addition_embed_type")] public string? AdditionEmbedType { get; init; }

    [JsonPropertyName("upcast_attention")] public bool UpcastAttention { get; init; }

    /// <summary><c>default</c> (add the time embedding) or <c>scale_shift</c> (FiLM after norm2).</summary>
    [JsonPropertyName("resnet_time_scale_shift")] public string ResnetTimeScaleShift { get; init; } = "default";

    [JsonPropertyName("time_embedding_type")] public string TimeEmbeddingType { get; init; } = "positional";

    [JsonPropertyName("time_embedding_dim")] public int? TimeEmbeddingDim { get; init; }

    [JsonPropertyName("time_embedding_act_fn")] public string? TimeEmbeddingActFn { get; init; }

    [JsonPropertyName("timestep_post_act")] public string? TimestepPostAct { get; init; }

    [JsonPropertyName("time_cond_proj_dim")] public int? TimeCondProjDim { get; init; }

    [JsonPropertyName("conv_in_kernel")] public int ConvInKernel { get; init; } = 3;

    [JsonPropertyName("conv_out_kernel")] public int ConvOutKernel { get; init; } = 3;

    [JsonPropertyName("projection_class_embeddings_input_dim")] public int? ProjectionClassEmbeddingsInputDim { get; init; }

    /// <summary>AudioLDM: concatenate the class embedding to the time embedding (blocks then see twice its width).</summary>
    [JsonPropertyName("class_embeddings_concat")] public bool? ClassEmbeddingsConcat { get; init; }

    [JsonPropertyName("encoder_hid_dim")] public int? EncoderHidDim { get; init; }

    [JsonPropertyName("encoder_hid_dim_type")] public string? EncoderHidDimType { get; init; }

    /// <summary>Width of the time embedding: <c>time_embedding_dim</c> or 4 x the first block's channels.</summary>
    [JsonIgnore] public int TimeEmbedDim => TimeEmbeddingDim ?? (BlockOutChannels[0] * 4);

    /// <summary>Width the blocks' resnets receive (doubled when class embeddings are concatenated).</summary>
    [JsonIgnore] public int BlocksTimeEmbedDim => ClassEmbeddingsConcat == true ? TimeEmbedDim * 2 : TimeEmbedDim;

    [JsonIgnore] public int Blocks => DownBlockTypes.Count;

    /// <summary>The latent-to-pixel factor of a matching VAE is separate; this is 2^(number of upsamplers).</summary>
    [JsonIgnore] public int UpsampleFactor => 1 << (Blocks - 1);

    /// <summary>Reads and validates <c>config.json</c>.</summary>
    public static UNet2DConditionConfig Load(string path)
    {
        var config = DiffusersJson.Load<UNet2DConditionConfig>(path, "UNet2DConditionModel config.json");
        config.Validate(path);
        return config;
    }

    /// <summary>Parses and validates config text (for example <see cref="DiffusersJson.Embedded"/>).</summary>
    public static UNet2DConditionConfig Parse(string json, string source = "config")
    {
        var config = DiffusersJson.Parse<UNet2DConditionConfig>(json, source, "UNet2DConditionModel config");
        config.Validate(source);
        return config;
    }

    /// <summary>Stable Diffusion 1.5's UNet (runwayml/stable-diffusion-v1-5 unet/config.json).</summary>
    public static UNet2DConditionConfig StableDiffusion15 => Parse(DiffusersJson.Embedded("sd15-unet"), "sd15-unet.json");

    /// <summary>AudioLDM-L's UNet (cvssp/audioldm-l-full), as diffusers' AudioLDM conversion script writes it.</summary>
    public static UNet2DConditionConfig AudioLdmL => Parse(DiffusersJson.Embedded("audioldm-l-unet"), "audioldm-l-unet.json");

    /// <summary>Throws naming the field when the configuration is impossible or uses an unsupported feature.</summary>
    public void Validate(string source = "config")
    {
        void Fail(string message) => throw new InvalidDataException($"{source}: {message}");

        if (Blocks == 0 || UpBlockTypes.Count != Blocks || BlockOutChannels.Count != Blocks)
        {
            Fail($"down_block_types ({Blocks}), up_block_types ({UpBlockTypes.Count}) and block_out_channels " +
                 $"({BlockOutChannels.Count}) must have the same, non-zero length.");
        }

        OnlyCrossAttention.Resolve(Blocks, $"{source}: only_cross_attention");
        LayersPerBlock.Resolve(Blocks, $"{source}: layers_per_block");
        AttentionHeadDim.Resolve(Blocks, $"{source}: attention_head_dim");
        CrossAttentionDim.Resolve(Blocks, $"{source}: cross_attention_dim");
        foreach (var type in DownBlockTypes.Where(t => t is not (CrossAttnDownBlock2D or DownBlock2D)))
        {
            Fail($"down block type '{type}' is not supported (supported: {CrossAttnDownBlock2D}, {DownBlock2D}).");
        }

        foreach (var type in UpBlockTypes.Where(t => t is not (CrossAttnUpBlock2D or UpBlock2D)))
        {
            Fail($"up block type '{type}' is not supported (supported: {CrossAttnUpBlock2D}, {UpBlock2D}).");
        }

        if (MidBlockType is not (null or UNetMidBlock2DCrossAttn))
        {
            Fail($"mid_block_type '{MidBlockType}' is not supported (supported: {UNetMidBlock2DCrossAttn} or null).");
        }

        if (DiffusionActivation.IsKnown(ActFn) is false || (TimeEmbeddingActFn is { } a && !DiffusionActivation.IsKnown(a))
            || (TimestepPostAct is { } p && !DiffusionActivation.IsKnown(p)))
        {
            Fail("act_fn, time_embedding_act_fn and timestep_post_act must be silu, swish, mish or gelu.");
        }

        if (TimeEmbeddingType != "positional")
        {
            Fail($"time_embedding_type '{TimeEmbeddingType}' is not supported (only 'positional', as SD and AudioLDM use).");
        }

        if (ResnetTimeScaleShift is not ("default" or "scale_shift"))
        {
            Fail($"resnet_time_scale_shift '{ResnetTimeScaleShift}' is not supported (default, scale_shift).");
        }

        if (DualCrossAttention || AdditionEmbedType is not null || EncoderHidDim is not null || EncoderHidDimType is not null
            || TimeCondProjDim is not null)
        {
            Fail("dual_cross_attention, addition_embed_type, encoder_hid_dim(_type) and time_cond_proj_dim are not supported.");
        }

        if (ClassEmbedType is not (null or "timestep" or "identity" or "projection" or "simple_projection"))
        {
            Fail($"class_embed_type '{ClassEmbedType}' is unknown (timestep, identity, projection, simple_projection).");
        }

        if (ClassEmbedType is "projection" or "simple_projection" && ProjectionClassEmbeddingsInputDim is null)
        {
            Fail($"class_embed_type '{ClassEmbedType}' requires projection_class_embeddings_input_dim.");
        }

        if (NormNumGroups is not > 0)
        {
            Fail("norm_num_groups must be a positive number for these block types.");
        }

        if (BlockOutChannels.Any(c => c <= 0 || c % Groups != 0) || InChannels <= 0 || OutChannels <= 0)
        {
            Fail($"every block_out_channels entry must be a positive multiple of norm_num_groups ({Groups}).");
        }

        var heads = AttentionHeadDim.Resolve(Blocks, "attention_head_dim");
        if (BlockOutChannels.Where((c, i) => c % heads[i] != 0).Any())
        {
            Fail("every block's channels must split evenly into its attention_head_dim heads.");
        }
    }
}
