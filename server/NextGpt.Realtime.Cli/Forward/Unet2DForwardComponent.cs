using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward unet2d</c>: a diffusers UNet2DConditionModel folder on <c>sample</c> (B, C, H, W), <c>timestep</c>
/// (scalar or (B)) and <c>encoder_hidden_states</c> (B, S, D) or <c>class_labels</c> (B, dim); writes <c>sample</c>.
/// </summary>
public sealed class Unet2DForwardComponent : IForwardComponent
{
    public string Name => "unet2d";

    public string Description => "UNet2DConditionModel: sample, timestep, encoder_hidden_states or class_labels -> sample.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var sample = inputs.GetValueOrDefault("sample") ?? throw new ArgumentException("The inputs file must hold 'sample' (B, C, H, W).");
        var timestep = inputs.GetValueOrDefault("timestep") ?? throw new ArgumentException("The inputs file must hold 'timestep'.");
        using var unet = UNet2DConditionModel.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        var output = unet.forward(new UNet2DConditionInput(sample.to_type(ScalarType.Float32), timestep,
            inputs.GetValueOrDefault("encoder_hidden_states")?.to_type(ScalarType.Float32),
            inputs.GetValueOrDefault("class_labels")?.to_type(ScalarType.Float32)));
        return new Dictionary<string, Tensor> { ["sample"] = output };
    }
}
