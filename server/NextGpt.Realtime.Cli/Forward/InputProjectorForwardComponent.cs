using NextGpt.Realtime.Modeling.Projectors;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward input-projector</c>: a llama_proj folder (config.json with in_dim/out_dim, safetensors with
/// weight/bias) on ImageBind <c>embeddings</c> (N, in_dim); writes <c>projected</c> (N, 1, out_dim), one LLM token per
/// item, and <c>summed</c> (1, 1, out_dim), the items of one prompt tag summed as the legacy model does.
/// </summary>
public sealed class InputProjectorForwardComponent : IForwardComponent
{
    public string Name => "input-projector";

    public string Description => "Input projector (llama_proj): embeddings -> projected (one token per item), summed.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var embeddings = inputs.GetValueOrDefault("embeddings") ?? throw new ArgumentException("The inputs file must hold embeddings.");
        using var projector = InputProjector.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        var rows = embeddings.to_type(ScalarType.Float32);
        return new Dictionary<string, Tensor> { ["projected"] = projector.forward(rows), ["summed"] = projector.ProjectSummed(rows) };
    }
}
