using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// Imagen's dynamic thresholding (Saharia et al. 2022, arXiv 2205.11487; diffusers <c>_threshold_sample</c>): per sample,
/// s = the <c>ratio</c> quantile of |x0| clamped to [1, max]; x0 is clamped to [-s, s] and divided by s.
/// </summary>
internal static class DynamicThreshold
{
    public static Tensor Apply(Tensor sample, double ratio, double maxValue)
    {
        using var scope = NewDisposeScope();
        var dtype = sample.dtype;
        var batch = sample.shape[0];
        var flat = (dtype is ScalarType.Float32 or ScalarType.Float64 ? sample : sample.to_type(ScalarType.Float32)).reshape(batch, -1);
        using var q = tensor(ratio, dtype: flat.dtype, device: flat.device);
        var s = flat.abs().quantile(q, dim: 1, keepdim: false).clamp(1.0, maxValue).unsqueeze(1);    // (B, 1)
        var thresholded = flat.clamp(-s, s) / s;
        return thresholded.reshape(sample.shape).to_type(dtype).MoveToOuterDisposeScope();
    }
}
