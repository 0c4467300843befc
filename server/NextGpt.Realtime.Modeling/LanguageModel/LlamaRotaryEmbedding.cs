using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>
/// Rotary position embeddings (Su et al., 2021) in transformers' LLaMA layout: the head dimension is split in halves
/// (<c>rotate_half</c>), not interleaved, so Hugging Face checkpoints work without permuting q/k weights.
/// </summary>
public static class LlamaRotaryEmbedding
{
    /// <summary>cos and sin for the given positions.</summary>
    /// <param name="positionIds">(B, T) int64 positions.</param>
    /// <returns>cos and sin, each (B, 1, T, head_dim), in <paramref name="dtype"/>.</returns>
    public static (Tensor Cos, Tensor Sin) Compute(Tensor positionIds, int headDim, double theta, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var device = positionIds.device;
        var exponents = arange(0, headDim, 2, dtype: ScalarType.Float32, device: device) / headDim;
        var inverseFrequencies = pow(theta, exponents).reciprocal();                   // (head_dim/2)
        var freqs = positionIds.to_type(ScalarType.Float32).unsqueeze(-1) * inverseFrequencies; // (B, T, head_dim/2)
        var angles = cat([freqs, freqs], dim: -1).unsqueeze(1);                        // (B, 1, T, head_dim)
        return (angles.cos().to_type(dtype).MoveToOuterDisposeScope(), angles.sin().to_type(dtype).MoveToOuterDisposeScope());
    }

    /// <summary>Applies the rotation: <c>x * cos + rotate_half(x) * sin</c>.</summary>
    /// <param name="x">(B, heads, T, head_dim).</param>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], dim: -1); // rotate_half
        return ((x * cos) + (rotated * sin)).MoveToOuterDisposeScope();
    }
}
