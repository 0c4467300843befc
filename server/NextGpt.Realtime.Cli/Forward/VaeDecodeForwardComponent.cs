using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward vae-decode</c>: a diffusers AutoencoderKL folder on <c>latents</c> (B, C, h, w), exactly as
/// diffusers' <c>vae.decode(latents).sample</c> (no division by the scaling factor); writes <c>decoded</c>.
/// </summary>
public sealed class VaeDecodeForwardComponent : IForwardComponent
{
    public string Name => "vae-decode";

    public string Description => "AutoencoderKL decode: latents (unscaled) -> decoded.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var latents = inputs.GetValueOrDefault("latents") ?? throw new ArgumentException("The inputs file must hold 'latents' (B, C, h, w).");
        using var vae = AutoencoderKL.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        return new Dictionary<string, Tensor> { ["decoded"] = vae.Decode(latents.to_type(ScalarType.Float32)) };
    }
}
