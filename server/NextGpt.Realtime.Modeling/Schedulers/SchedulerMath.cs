using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>Small helpers the schedulers share: history ownership, x0 from a model output, add_noise.</summary>
internal static class SchedulerMath
{
    /// <summary>A handle to <paramref name="tensor"/>'s storage that no dispose scope owns (for multistep history), so the
    /// caller may dispose its own handle.</summary>
    public static Tensor Keep(Tensor tensor) => tensor.alias().DetachFromDisposeScope();

    /// <summary>x0 from an epsilon, v or sample prediction at a timestep with cumulative alpha <paramref name="alphaProd"/>
    /// (DDIM paper eq. 12; v from Salimans and Ho 2022).</summary>
    public static Tensor PredictOriginal(string predictionType, Tensor modelOutput, Tensor sample, float alphaProd) =>
        predictionType switch
        {
            "epsilon" => (sample - (modelOutput * MathF.Sqrt(1 - alphaProd))) / MathF.Sqrt(alphaProd),
            "v_prediction" => (sample * MathF.Sqrt(alphaProd)) - (modelOutput * MathF.Sqrt(1 - alphaProd)),
            "sample" => modelOutput.alias(),
            _ => throw new InvalidDataException($"prediction_type '{predictionType}' must be epsilon, v_prediction or sample."),
        };

    /// <summary>diffusers' DDPM-family add_noise: sqrt(a_t) x0 + sqrt(1 - a_t) noise, in the samples' dtype.</summary>
    public static Tensor AddNoise(float[] alphasCumprod, Tensor originalSamples, Tensor noise, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var alphas = tensor(alphasCumprod).to(originalSamples.dtype, originalSamples.device);
        var selected = alphas.index_select(0, timesteps.to_type(ScalarType.Int64).flatten().to(originalSamples.device));
        var shape = new long[originalSamples.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        var sqrtAlpha = selected.pow(0.5).reshape(shape);                       // (B, 1, ...)
        var sqrtOneMinusAlpha = (1 - selected).pow(0.5).reshape(shape);
        return ((sqrtAlpha * originalSamples) + (sqrtOneMinusAlpha * noise)).MoveToOuterDisposeScope();
    }
}
