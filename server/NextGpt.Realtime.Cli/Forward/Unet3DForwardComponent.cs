using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward unet3d</c>: a diffusers UNet3DConditionModel folder (Zeroscope's <c>unet/</c>) on <c>sample</c>
/// (B, C, F, H, W), <c>timestep</c> (scalar or (B)) and <c>encoder_hidden_states</c> (B, S, D); writes <c>sample</c>
/// (B, C, F, H, W).
/// </summary>
public sealed class Unet3DForwardComponent : IForwardComponent
{
    public string Name => "unet3d";

    public string Description => "UNet3DConditionModel (Zeroscope): sample (B, C, F, H, W), timestep, encoder_hidden_states -> sample.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var sample = inputs.GetValueOrDefault("sample") ?? throw new ArgumentException("The inputs file must hold 'sample' (B, C, F, H, W).");
        var timestep = inputs.GetValueOrDefault("timestep") ?? throw new ArgumentException("The inputs file must hold 'timestep'.");
        var encoder = inputs.GetValueOrDefault("encoder_hidden_states")
                      ?? throw new ArgumentException("The inputs file must hold 'encoder_hidden_states' (B, S, cross_attention_dim).");
        using var unet = UNet3DConditionModel.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        var output = unet.forward(sample.to_type(ScalarType.Float32), timestep, encoder.to_type(ScalarType.Float32));
        return new Dictionary<string, Tensor> { ["sample"] = output };
    }
}
