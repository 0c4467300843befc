using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using static TorchSharp.torch;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// A cheap preview of a latent: RGB = latent . factors + bias per latent cell (so the preview has the latent's
/// resolution, 1/8 of SD's image side), values nominally in [-1, 1]. Costs microseconds instead of a VAE decode.
/// <para>Source of the factors: for Stable Diffusion v1 latents (as the UNet sees them, i.e. already multiplied by
/// 0.18215) the 4x3 matrix published by Kevin Turner (keturn), "Decoding latents to RGB without upscaling",
/// discuss.huggingface.co/t/23204 (Nov 2022), obtained by regressing decoded pixels on latents; widely reused (e.g. by
/// stable-diffusion-webui's "cheap approximation"). For any other VAE (AudioLDM's, this project's own small model)
/// <see cref="FitToVae"/> derives factors the same way: encode an image of random colour blocks, average-pool it to the
/// latent grid, and solve the least-squares problem [latent, 1] W = rgb.</para>
/// </summary>
public sealed class LatentRgbProjection
{
    private readonly float[,] _factors;
    private readonly float[] _bias;

    /// <param name="factors">(latent channels, 3).</param>
    /// <param name="bias">(3), added to every cell.</param>
    public LatentRgbProjection(float[,] factors, float[] bias)
    {
        if (factors.GetLength(1) != 3 || bias.Length != 3)
        {
            throw new ArgumentException("Factors must be (channels, 3) and the bias must have 3 entries.", nameof(factors));
        }

        _factors = factors;
        _bias = bias;
    }

    public int LatentChannels => _factors.GetLength(0);

    public float[,] Factors => (float[,])_factors.Clone();

    public IReadOnlyList<float> Bias => _bias;

    /// <summary>keturn's factors for Stable Diffusion v1 (SD 1.4/1.5 and Zeroscope, which share the SD VAE).</summary>
    public static LatentRgbProjection StableDiffusionV1 { get; } = new(
        new float[,]
        {
            { 0.298f, 0.207f, 0.208f },
            { 0.187f, 0.286f, 0.173f },
            { -0.158f, 0.189f, 0.264f },
            { -0.184f, -0.271f, -0.473f },
        },
        [0f, 0f, 0f]);

    /// <param name="latents">(B, C, h, w) scaled latents (as the diffusion model sees them).</param>
    /// <returns>(B, 3, h, w), nominally in [-1, 1].</returns>
    public Tensor Apply(Tensor latents)
    {
        if (latents.dim() != 4 || latents.shape[1] != LatentChannels)
        {
            throw new ArgumentException(
                $"Expected (B, {LatentChannels}, h, w) latents, got [{string.Join(", ", latents.shape)}].", nameof(latents));
        }

        using var scope = NewDisposeScope();
        var factors = tensor(_factors).to(latents.dtype, latents.device);                        // (C, 3)
        var bias = tensor(_bias).to(latents.dtype, latents.device).view(1, 3, 1, 1);
        var rgb = einsum("bchw,cr->brhw", latents, factors) + bias;                               // (B, 3, h, w)
        return rgb.MoveToOuterDisposeScope();
    }

    /// <summary>The first latent of the batch as an image (values mapped from [-1, 1] to bytes).</summary>
    public RgbImage ToImage(Tensor latents)
    {
        using var scope = NewDisposeScope();
        return RgbImageTensors.FromTensor((Apply(latents.narrow(0, 0, 1)) / 2) + 0.5);
    }

    /// <summary>Least-squares fit of rgb ~ [latent, 1] W.</summary>
    /// <param name="latents">(N, C) latent cells.</param>
    /// <param name="rgb">(N, 3) target colours in [-1, 1].</param>
    public static LatentRgbProjection Fit(Tensor latents, Tensor rgb)
    {
        if (latents.dim() != 2 || rgb.dim() != 2 || rgb.shape[1] != 3 || latents.shape[0] != rgb.shape[0] || latents.shape[0] <= latents.shape[1])
        {
            throw new ArgumentException("Fit needs (N, C) latents and (N, 3) colours with N > C.", nameof(latents));
        }

        using var scope = NewDisposeScope();
        var x = cat([latents.to_type(ScalarType.Float64), ones(latents.shape[0], 1, dtype: ScalarType.Float64, device: latents.device)], dim: 1);
        var solution = x.pinverse().matmul(rgb.to(ScalarType.Float64, latents.device)).cpu().to_type(ScalarType.Float32); // (C + 1, 3)
        var values = solution.data<float>().ToArray();
        var channels = (int)latents.shape[1];
        var factors = new float[channels, 3];
        for (var c = 0; c < channels; c++)
        {
            for (var r = 0; r < 3; r++)
            {
                factors[c, r] = values[(c * 3) + r];
            }
        }

        return new LatentRgbProjection(factors, values[^3..]);
    }

    /// <summary>Derives factors for a VAE from an image of random colour blocks (two latent cells per block side).</summary>
    /// <param name="blocks">Blocks per image side.</param>
    public static LatentRgbProjection FitToVae(AutoencoderKL vae, int blocks = 8, long seed = 0)
    {
        if (vae.Config.InChannels != 3)
        {
            throw new ArgumentException("Only RGB VAEs can be fitted to RGB colours.", nameof(vae));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = vae.parameters().First().device;
        var factor = vae.Config.DownsampleFactor;
        var colors = (DiffusionNoise.Randn([1, 3, blocks, blocks], seed).tanh() * 0.9).to(device);
        var image = nn.functional.interpolate(colors, scale_factor: [2.0 * factor, 2.0 * factor], mode: InterpolationMode.Nearest);
        using var posterior = vae.Encode(image.to_type(vae.parameters().First().dtype));
        var latents = (posterior.Mean * vae.ScalingFactor).to_type(ScalarType.Float32);            // (1, C, 2 blocks, 2 blocks)
        var target = nn.functional.avg_pool2d(image, factor);                                      // (1, 3, 2 blocks, 2 blocks)
        return Fit(latents.permute(0, 2, 3, 1).reshape(-1, latents.shape[1]), target.permute(0, 2, 3, 1).reshape(-1, 3));
    }
}
