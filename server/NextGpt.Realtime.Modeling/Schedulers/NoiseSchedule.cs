using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// The training noise schedule the schedulers share (diffusers 0.17.1 schedulers' <c>__init__</c>): betas from the
/// configured schedule, computed with the same float32 torch operations as diffusers so that
/// <c>alphas_cumprod</c> agrees bit for bit or to the last ulp, and read back as arrays for the per-step scalar
/// arithmetic.
/// </summary>
public static class NoiseSchedule
{
    /// <summary>(T) float32 betas.</summary>
    public static Tensor Betas(SchedulerConfig config)
    {
        using var scope = NewDisposeScope();
        var count = config.NumTrainTimesteps;
        Tensor betas = config switch
        {
            { TrainedBetas: { } trained } => tensor(trained.Select(b => (float)b).ToArray()),
            { BetaSchedule: "linear" } => linspace(config.BetaStart, config.BetaEnd, count, dtype: ScalarType.Float32),
            { BetaSchedule: "scaled_linear" } =>
                linspace(Math.Sqrt(config.BetaStart), Math.Sqrt(config.BetaEnd), count, dtype: ScalarType.Float32).pow(2),
            { BetaSchedule: "squaredcos_cap_v2" } => tensor(CosineBetas(count)),
            _ => throw new InvalidDataException(
                $"beta_schedule '{config.BetaSchedule}' is not supported (linear, scaled_linear, squaredcos_cap_v2)."),
        };
        if (config.RescaleBetasZeroSnr)
        {
            betas = RescaleZeroTerminalSnr(betas);
        }

        return betas.MoveToOuterDisposeScope();
    }

    /// <summary>(T) float32 cumulative products of (1 - beta).</summary>
    public static float[] AlphasCumprod(SchedulerConfig config)
    {
        using var scope = NewDisposeScope();
        var alphas = 1.0f - Betas(config);
        return alphas.cumprod(0).data<float>().ToArray();
    }

    /// <summary>Elementwise float32 function of alphas_cumprod computed by libtorch (same kernels as diffusers).</summary>
    public static float[] Map(float[] alphasCumprod, Func<Tensor, Tensor> function)
    {
        using var scope = NewDisposeScope();
        return function(tensor(alphasCumprod)).data<float>().ToArray();
    }

    /// <summary>GLIDE's cosine schedule (diffusers <c>betas_for_alpha_bar</c>, max_beta 0.999), in double then float32.</summary>
    private static float[] CosineBetas(int count)
    {
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);
        return Enumerable.Range(0, count)
            .Select(i => (float)Math.Min(1 - (AlphaBar((i + 1.0) / count) / AlphaBar((double)i / count)), 0.999))
            .ToArray();
    }

    /// <summary>Lin et al. 2023 (arXiv 2305.08891) Algorithm 1, as diffusers' <c>rescale_zero_terminal_snr</c>.</summary>
    private static Tensor RescaleZeroTerminalSnr(Tensor betas)
    {
        var alphasBarSqrt = (1.0f - betas).cumprod(0).sqrt();
        var first = alphasBarSqrt[0].clone();
        var last = alphasBarSqrt[-1].clone();
        alphasBarSqrt = alphasBarSqrt - last;
        alphasBarSqrt = alphasBarSqrt * (first / (first - last));
        var alphasBar = alphasBarSqrt.pow(2);
        var alphas = cat([alphasBar[..1], alphasBar[1..] / alphasBar[..^1]]);
        return 1.0f - alphas;
    }
}
