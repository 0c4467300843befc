using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// An AutoencoderKL's shape, read from diffusers' <c>vae/config.json</c> (names and defaults of diffusers 0.17.1
/// models/autoencoder_kl.py). <c>scaling_factor</c> is the latent standard deviation the diffusion model was trained with
/// (SD: 0.18215; AudioLDM checkpoints carry their own learned value): latents are multiplied by it after encoding and
/// divided by it before decoding.
/// </summary>
public sealed record AutoencoderKLConfig
{
    public const string DownEncoderBlock2D = "DownEncoderBlock2D";
    public const string UpDecoderBlock2D = "UpDecoderBlock2D";

    [JsonPropertyName("in_channels")] public int InChannels { get; init; } = 3;

    [JsonPropertyName("out_channels")] public int OutChannels { get; init; } = 3;

    [JsonPropertyName("down_block_types")] public IReadOnlyList<string> DownBlockTypes { get; init; } = [DownEncoderBlock2D];

    [JsonPropertyName("up_block_types")] public IReadOnlyList<string> UpBlockTypes { get; init; } = [UpDecoderBlock2D];

    [JsonPropertyName("block_out_channels")] public IReadOnlyList<int> BlockOutChannels { get; init; } = [64];

    [JsonPropertyName("layers_per_block")] public int LayersPerBlock { get; init; } = 1;

    [JsonPropertyName("act_fn")] public string ActFn { get; init; } = "silu";

    [JsonPropertyName("latent_channels")] public int LatentChannels { get; init; } = 4;

    [JsonPropertyName("norm_num_groups")] public int NormNumGroups { get; init; } = 32;

    [JsonPropertyName("sample_size")] public int SampleSize { get; init; } = 32;

    [JsonPropertyName("scaling_factor")] public double ScalingFactor { get; init; } = 0.18215;

    /// <summary>Pixels per latent cell: 2^(blocks - 1) (8 for SD, 4 for AudioLDM's mel VAE).</summary>
    [JsonIgnore] public int DownsampleFactor => 1 << (BlockOutChannels.Count - 1);

    public static AutoencoderKLConfig Load(string path)
    {
        var config = DiffusersJson.Load<AutoencoderKLConfig>(path, "AutoencoderKL config.json");
        config.Validate(path);
        return config;
    }

    public static AutoencoderKLConfig Parse(string json, string source = "config")
    {
        var config = DiffusersJson.Parse<AutoencoderKLConfig>(json, source, "AutoencoderKL config");
        config.Validate(source);
        return config;
    }

    /// <summary>Stable Diffusion 1.5's VAE (also Zeroscope's), scaling factor 0.18215.</summary>
    public static AutoencoderKLConfig StableDiffusion15 => Parse(DiffusersJson.Embedded("sd15-vae"), "sd15-vae.json");

    /// <summary>AudioLDM-L's mel-spectrogram VAE (1 channel in and out, 8 latent channels, x4). Its real scaling factor is
    /// learned per checkpoint and read from the checkpoint's own config.json; this embedded shape keeps diffusers' default.</summary>
    public static AutoencoderKLConfig AudioLdmL => Parse(DiffusersJson.Embedded("audioldm-l-vae"), "audioldm-l-vae.json");

    public void Validate(string source = "config")
    {
        void Fail(string message) => throw new InvalidDataException($"{source}: {message}");

        if (BlockOutChannels.Count == 0 || DownBlockTypes.Count != BlockOutChannels.Count || UpBlockTypes.Count != BlockOutChannels.Count)
        {
            Fail("down_block_types, up_block_types and block_out_channels must have the same, non-zero length.");
        }

        if (DownBlockTypes.Any(t => t != DownEncoderBlock2D) || UpBlockTypes.Any(t => t != UpDecoderBlock2D))
        {
            Fail($"only {DownEncoderBlock2D} and {UpDecoderBlock2D} blocks are supported.");
        }

        if (NormNumGroups <= 0 || BlockOutChannels.Any(c => c <= 0 || c % NormNumGroups != 0))
        {
            Fail($"every block_out_channels entry must be a positive multiple of norm_num_groups ({NormNumGroups}).");
        }

        if (InChannels <= 0 || OutChannels <= 0 || LatentChannels <= 0 || LayersPerBlock <= 0 || ScalingFactor <= 0)
        {
            Fail("in/out/latent channels, layers_per_block and scaling_factor must be positive.");
        }

        if (!DiffusionActivation.IsKnown(ActFn))
        {
            Fail($"act_fn '{ActFn}' is not one of silu, swish, mish, gelu.");
        }
    }
}
