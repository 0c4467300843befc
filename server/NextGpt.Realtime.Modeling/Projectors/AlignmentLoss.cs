using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// NExT-GPT's alignment loss between the output projector's conditioning and the decoder text encoder's caption embedding
/// (architecture notes section 4.2; called "MSE" in the paper).
/// </summary>
public static class AlignmentLoss
{
    /// <summary>
    /// <c>common/utils.py l2_loss(u, v).mean()</c>: the Euclidean distance of each token's vector,
    /// <c>((u - v)^2).sum(-1)^0.5</c>, averaged over batch and tokens. Not squared, not divided by the width.
    /// </summary>
    /// <param name="u">(..., D), for example (B, 77, 768).</param>
    /// <param name="v">The same shape as <paramref name="u"/>.</param>
    /// <returns>A scalar.</returns>
    public static Tensor L2(Tensor u, Tensor v)
    {
        if (!u.shape.SequenceEqual(v.shape))
        {
            throw new ArgumentException($"l2_loss needs equal shapes; got [{string.Join(", ", u.shape)}] and [{string.Join(", ", v.shape)}].");
        }

        using var scope = NewDisposeScope();
        var distances = (u - v).square().sum(-1).sqrt();           // (...,)
        return distances.mean().MoveToOuterDisposeScope();
    }
}
