using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// The KL-regularised autoencoder of latent diffusion (diffusers 0.17.1 models/autoencoder_kl.py <c>AutoencoderKL</c>,
/// Rombach et al. 2022 section 3): <c>encoder</c> + <c>quant_conv</c> give a diagonal Gaussian over latents;
/// <c>post_quant_conv</c> + <c>decoder</c> map latents back. Keys as diffusers writes them (old checkpoints' VAE attention
/// names are renamed on load by <see cref="DiffusersWeights"/>). <see cref="Encode"/> and <see cref="Decode"/> work on
/// unscaled latents, like diffusers' encode/decode; pipelines multiply/divide by <see cref="ScalingFactor"/>.
/// </summary>
public sealed class AutoencoderKL : nn.Module
{
    [ComponentName(Name = "encoder")] private readonly VaeEncoder _encoder;
    [ComponentName(Name = "decoder")] private readonly VaeDecoder _decoder;
    [ComponentName(Name = "quant_conv")] private readonly Conv2d _quantConv;
    [ComponentName(Name = "post_quant_conv")] private readonly Conv2d _postQuantConv;

    public AutoencoderKL(AutoencoderKLConfig config, Device? device = null) : base(nameof(AutoencoderKL))
    {
        config.Validate();
        Config = config;
        _encoder = new VaeEncoder(config, device);
        _decoder = new VaeDecoder(config, device);
        _quantConv = nn.Conv2d(2 * config.LatentChannels, 2 * config.LatentChannels, 1, device: device);
        _postQuantConv = nn.Conv2d(config.LatentChannels, config.LatentChannels, 1, device: device);
        RegisterComponents();
    }

    public AutoencoderKLConfig Config { get; }

    public double ScalingFactor => Config.ScalingFactor;

    /// <summary>Loads a diffusers VAE folder (<c>config.json</c> + safetensors weights).</summary>
    public static AutoencoderKL FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var model = new AutoencoderKL(AutoencoderKLConfig.Load(Path.Combine(directory, "config.json")), device);
        DiffusersWeights.LoadInto(model, directory, dtype);
        return model;
    }

    /// <param name="sample">(B, in_channels, H, W) in [-1, 1].</param>
    /// <returns>The posterior over (B, latent, H / f, W / f) latents; dispose it.</returns>
    public DiagonalGaussianDistribution Encode(Tensor sample)
    {
        using var scope = NewDisposeScope();
        var moments = _quantConv.forward(_encoder.forward(sample));               // (B, 2 latent, h, w)
        return new DiagonalGaussianDistribution(moments);
    }

    /// <param name="latents">(B, latent, h, w), unscaled.</param>
    /// <returns>(B, out_channels, h f, w f), nominally in [-1, 1].</returns>
    public Tensor Decode(Tensor latents)
    {
        using var scope = NewDisposeScope();
        return _decoder.forward(_postQuantConv.forward(latents)).MoveToOuterDisposeScope();
    }
}
