using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders;

/// <summary>
/// The activations a transformers <c>config.json</c> names in <c>hidden_act</c> / <c>projection_hidden_act</c>
/// (transformers' <c>activations.py</c> ACT2FN), as functions on tensors.
/// </summary>
public static class TransformersActivation
{
    /// <summary>The names <see cref="Resolve"/> accepts.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["quick_gelu", "gelu", "gelu_new", "gelu_pytorch_tanh", "relu", "silu"];

    /// <param name="name">The config's activation name.</param>
    /// <param name="source">Where the name came from, for the error message.</param>
    public static Func<Tensor, Tensor> Resolve(string name, string source = "config") => name switch
    {
        // CLIP's x * sigmoid(1.702 x) (QuickGELUActivation).
        "quick_gelu" => x => x * sigmoid(x * 1.702),
        // GELUActivation: the exact erf form.
        "gelu" => x => nn.functional.gelu(x),
        // NewGELUActivation / PytorchGELUTanh: the tanh approximation.
        "gelu_new" or "gelu_pytorch_tanh" => x => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "relu" => x => nn.functional.relu(x),
        "silu" => x => nn.functional.silu(x),
        _ => throw new InvalidDataException(
            $"{source}: activation '{name}' is not supported (supported: {string.Join(", ", Supported)})."),
    };
}
