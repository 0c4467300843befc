using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward vae-encode</c>: a diffusers AutoencoderKL folder on <c>image</c> (B, C, H, W) in [-1, 1]; writes the
/// posterior's <c>encoded_mean</c> and <c>encoded_logvar</c> (unscaled, as diffusers' <c>latent_dist</c>).
/// </summary>
public sealed class VaeEncodeForwardComponent : IForwardComponent
{
    public string Name => "vae-encode";

    public string Description => "AutoencoderKL encode: image -> encoded_mean, encoded_logvar.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var image = inputs.GetValueOrDefault("image") ?? throw new ArgumentException("The inputs file must hold 'image' (B, C, H, W).");
        using var vae = AutoencoderKL.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        using var posterior = vae.Encode(image.to_type(ScalarType.Float32));
        return new Dictionary<string, Tensor> { ["encoded_mean"] = posterior.Mean.clone(), ["encoded_logvar"] = posterior.LogVar.clone() };
    }
}
