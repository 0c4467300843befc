using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// A UNet3DConditionModel's shape (ModelScope text-to-video, Zeroscope), read from diffusers' <c>unet/config.json</c> with
/// the names and defaults of the <c>__init__</c> of diffusers 0.17.1 <c>models/unet_3d_condition.py</c>. That version
/// fixes what the 2D config makes optional: flip_sin_to_cos true, freq_shift 0, 3x3 in/out convolutions, linear
/// projections in the spatial transformers, a <c>transformer_in</c> of 8 heads, SiLU before <c>conv_out</c>. Settings
/// that later diffusers versions added (num_attention_heads, time_cond_proj_dim) are refused when set, rather than
/// silently built the 0.17.1 way.
/// </summary>
public sealed class UNet3DConditionConfig
{
    public const string CrossAttnDownBlock3D = "CrossAttnDownBlock3D";
    public const string DownBlock3D = "DownBlock3D";
    public const string CrossAttnUpBlock3D = "CrossAttnUpBlock3D";
    public const string UpBlock3D = "UpBlock3D";

    /// <summary>Heads of <c>transformer_in</c> (a literal in diffusers 0.17.1).</summary>
    public const int TransformerInHeads = 8;

    [JsonPropertyName("sample_size")] public int? SampleSize { get; init; }

    [JsonPropertyName("in_channels")] public int InChannels { get; init; } = 4;

    [JsonPropertyName("out_channels")] public int OutChannels { get; init; } = 4;

    [JsonPropertyName("down_block_types")]
    public IReadOnlyList<string> DownBlockTypes { get; init; } = [CrossAttnDownBlock3D, CrossAttnDownBlock3D, CrossAttnDownBlock3D, DownBlock3D];

    [JsonPropertyName("up_block_types")]
    public IReadOnlyList<string> UpBlockTypes { get; init; } = [UpBlock3D, CrossAttnUpBlock3D, CrossAttnUpBlock3D, CrossAttnUpBlock3D];

    [JsonPropertyName("block_out_channels")] public IReadOnlyList<int> BlockOutChannels { get; init; } = [320, 640, 1280, 1280];

    [JsonPropertyName("layers_per_block")] public int LayersPerBlock { get; init; } = 2;

    [JsonPropertyName("downsample_padding")] public int DownsamplePadding { get; init; } = 1;

    [JsonPropertyName("mid_block_scale_factor")] public double MidBlockScaleFactor { get; init; } = 1.0;

    [JsonPropertyName("act_fn")] public string ActFn { get; init; } = "silu";

    /// <summary>Groups of the resnets' and transformers' GroupNorms (the temporal convolutions always use 32).</summary>
    [JsonPropertyName("norm_num_groups")] public int? NormNumGroups { get; init; } = 32;

    [JsonIgnore] public int Groups => NormNumGroups ?? 32;

    [JsonPropertyName("norm_eps")] public double NormEps { get; init; } = 1e-5;

    [JsonPropertyName("cross_attention_dim")] public int CrossAttentionDim { get; init; } = 1024;

    /// <summary>Unlike UNet2DConditionModel's, this is the channels per head; heads = block channels / head size. One
    /// value for all blocks: diffusers 0.17.1 also passes it to <c>transformer_in</c>, which takes a single size.</summary>
    [JsonPropertyName("attention_head_dim")] public PerBlock<int> AttentionHeadDim { get; init; } = PerBlock<int>.Shared(64);

    /// <summary>Not in diffusers 0.17.1 (added later, written as null by newer versions); refused when set.</summary>
    [JsonPropertyName("num_attention_heads")] public int? NumAttentionHeads { get; init; }

    /// <summary>Not in diffusers 0.17.1; refused when set.</summary>
    [JsonPropertyName("time_cond_proj_dim")] public int? TimeCondProjDim { get; init; }

    [JsonIgnore] public int HeadDim => AttentionHeadDim.Values[0];

    /// <summary>Width of the time embedding: 4 x the first block's channels.</summary>
    [JsonIgnore] public int TimeEmbedDim => BlockOutChannels[0] * 4;

    [JsonIgnore] public int Blocks => DownBlockTypes.Count;

    /// <summary>2^(number of upsamplers): sizes that are not multiples get their skip sizes forwarded.</summary>
    [JsonIgnore] public int UpsampleFactor => 1 << (Blocks - 1);

    /// <summary>Reads and validates <c>config.json</c>.</summary>
    public static UNet3DConditionConfig Load(string path)
    {
        var config = DiffusersJson.Load<UNet3DConditionConfig>(path, "UNet3DConditionModel config.json");
        config.Validate(path);
        return config;
    }

    /// <summary>Parses and validates config text (for example <see cref="DiffusersJson.Embedded"/>).</summary>
    public static UNet3DConditionConfig Parse(string json, string source = "config")
    {
        var config = DiffusersJson.Parse<UNet3DConditionConfig>(json, source, "UNet3DConditionModel config");
        config.Validate(source);
        return config;
    }

    /// <summary>
    /// Zeroscope v2 576w's UNet (cerspense/zeroscope_v2_576w unet/config.json): ModelScope's text-to-video-ms-1.7b
    /// architecture, fine-tuned; the embedded text is that shared configuration (see docs/diffusion.md).
    /// </summary>
    public static UNet3DConditionConfig Zeroscope576w => Parse(DiffusersJson.Embedded("zeroscope-v2-576w-unet"), "zeroscope-v2-576w-unet.json");

    /// <summary>Throws naming the field when the configuration is impossible or uses an unsupported feature.</summary>
    public void Validate(string source = "config")
    {
        void Fail(string message) => throw new InvalidDataException($"{source}: {message}");

        if (Blocks == 0 || UpBlockTypes.Count != Blocks || BlockOutChannels.Count != Blocks)
        {
            Fail($"down_block_types ({Blocks}), up_block_types ({UpBlockTypes.Count}) and block_out_channels " +
                 $"({BlockOutChannels.Count}) must have the same, non-zero length.");
        }

        foreach (var type in DownBlockTypes.Where(t => t is not (CrossAttnDownBlock3D or DownBlock3D)))
        {
            Fail($"down block type '{type}' is not supported (supported: {CrossAttnDownBlock3D}, {DownBlock3D}).");
        }

        foreach (var type in UpBlockTypes.Where(t => t is not (CrossAttnUpBlock3D or UpBlock3D)))
        {
            Fail($"up block type '{type}' is not supported (supported: {CrossAttnUpBlock3D}, {UpBlock3D}).");
        }

        if (!AttentionHeadDim.IsShared)
        {
            Fail("attention_head_dim must be one number for UNet3DConditionModel (diffusers 0.17.1 also gives it to transformer_in).");
        }

        if (NumAttentionHeads is not null || TimeCondProjDim is not null)
        {
            Fail("num_attention_heads and time_cond_proj_dim are not part of diffusers 0.17.1's UNet3DConditionModel; leave them null.");
        }

        if (!DiffusionActivation.IsKnown(ActFn))
        {
            Fail("act_fn must be silu, swish, mish or gelu.");
        }

        if (NormNumGroups is not > 0)
        {
            Fail("norm_num_groups must be a positive number (diffusers' null would build different blocks).");
        }

        if (LayersPerBlock <= 0 || InChannels <= 0 || OutChannels <= 0 || CrossAttentionDim <= 0)
        {
            Fail("layers_per_block, in_channels, out_channels and cross_attention_dim must be positive.");
        }

        if (BlockOutChannels.Any(c => c <= 0 || c % Groups != 0 || c % TemporalConvLayer.Groups != 0))
        {
            Fail($"every block_out_channels entry must be a positive multiple of norm_num_groups ({Groups}) and of 32 " +
                 "(the temporal convolutions' GroupNorm groups).");
        }

        if (HeadDim <= 0 || BlockOutChannels.Any(c => c % HeadDim != 0))
        {
            Fail($"every block's channels must be a multiple of attention_head_dim ({HeadDim}), the size of one head.");
        }
    }
}
