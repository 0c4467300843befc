using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>diffusers' <c>get_activation</c> (models/activations.py): swish and silu are the same function.</summary>
public static class DiffusionActivation
{
    public static bool IsKnown(string name) => name is "silu" or "swish" or "mish" or "gelu";

    /// <summary>Applies the named activation elementwise.</summary>
    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "silu" or "swish" => nn.functional.silu(x),
        "mish" => nn.functional.mish(x),
        "gelu" => nn.functional.gelu(x),
        _ => throw new ArgumentException($"Unknown activation '{name}' (silu, swish, mish, gelu).", nameof(name)),
    };
}
