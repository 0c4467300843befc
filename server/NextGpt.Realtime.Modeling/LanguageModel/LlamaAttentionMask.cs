using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>Builds the additive attention mask that combines causality with padding.</summary>
public static class LlamaAttentionMask
{
    /// <summary>
    /// Null when libtorch's built-in causal attention is exact (no padding, and either a fresh prefill or a single new
    /// position); otherwise an additive mask (B, 1, T, past + T) that is 0 where attention is allowed and the dtype's
    /// minimum elsewhere (a finite minimum, as transformers uses, so fully padded rows give no NaN).
    /// </summary>
    public static Tensor? Build(Tensor? paddingMask, long batch, long length, long past, ScalarType dtype, Device device)
    {
        if (paddingMask is null && (past == 0 || length == 1))
        {
            return null;
        }

        using var scope = NewDisposeScope();
        var total = past + length;
        var queries = arange(past, total, device: device).unsqueeze(1);                  // (T, 1) absolute positions
        var keys = arange(0, total, device: device).unsqueeze(0);                         // (1, S)
        var allowed = keys.le(queries).unsqueeze(0).unsqueeze(0).expand(batch, 1, length, total); // (B, 1, T, S)
        if (paddingMask is not null)
        {
            if (paddingMask.shape[0] != batch || paddingMask.shape[1] != total)
            {
                throw new ArgumentException(
                    $"attention_mask has shape [{string.Join(", ", paddingMask.shape)}], expected [{batch}, {total}] (past + new positions).",
                    nameof(paddingMask));
            }

            allowed = allowed.logical_and(paddingMask.to(device).to_type(ScalarType.Bool).unsqueeze(1).unsqueeze(1));
        }

        var minimum = dtype == ScalarType.Float64 ? double.MinValue : dtype == ScalarType.Float32 ? float.MinValue : -65504.0;
        var mask = zeros(batch, 1, length, total, dtype: dtype, device: device).masked_fill(allowed.logical_not(), minimum);
        return mask.MoveToOuterDisposeScope();
    }
}
