using NextGpt.Realtime.Modeling.Projectors;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward output-projector</c>: an output projector folder (config.json with in_dim, out_dim,
/// num_output_tokens, d_model, nhead, num_encoder_layers, num_decoder_layers, dim_feedforward; safetensors with
/// TextFcLayer's keys) on <c>hidden_states</c> and <c>input_embeds</c> (B, N_sig, in_dim), summed inside; writes
/// <c>output</c> (B, num_output_tokens, out_dim).
/// </summary>
public sealed class OutputProjectorForwardComponent : IForwardComponent
{
    public string Name => "output-projector";

    public string Description => "Output projector (TextFcLayer transformer): hidden_states + input_embeds -> output.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var hidden = inputs.GetValueOrDefault("hidden_states") ?? throw new ArgumentException("The inputs file must hold hidden_states.");
        var embeds = inputs.GetValueOrDefault("input_embeds") ?? throw new ArgumentException("The inputs file must hold input_embeds.");
        using var projector = OutputProjector.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        return new Dictionary<string, Tensor>
        {
            ["output"] = projector.forward(hidden.to_type(ScalarType.Float32), embeds.to_type(ScalarType.Float32)),
        };
    }
}
