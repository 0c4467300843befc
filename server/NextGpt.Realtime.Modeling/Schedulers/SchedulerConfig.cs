using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;

namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>
/// A diffusers <c>scheduler_config.json</c> (0.17.1 field names) for any of the schedulers here; each reads the fields
/// it knows. Fields whose default differs between schedulers are nullable and resolved by the scheduler (for example
/// <c>set_alpha_to_one</c>: false for PNDM, true for DDIM).
/// </summary>
public sealed partial class SchedulerConfig
{
    [JsonPropertyName("_class_name")] public string? ClassName { get; init; }

    [JsonPropertyName("num_train_timesteps")] public int NumTrainTimesteps { get; init; } = 1000;

    [JsonPropertyName("beta_start")] public double BetaStart { get; init; } = 0.0001;

    [JsonPropertyName("beta_end")] public double BetaEnd { get; init; } = 0.02;

    /// <summary><c>linear</c>, <c>scaled_linear</c> (latent diffusion) or <c>squaredcos_cap_v2</c> (GLIDE cosine).</summary>
    [JsonPropertyName("beta_schedule")] public string BetaSchedule { get; init; } = "linear";

    [JsonPropertyName("trained_betas")] public IReadOnlyList<double>? TrainedBetas { get; init; }

    /// <summary><c>epsilon</c>, <c>v_prediction</c>, or <c>sample</c> (DDIM, DPM-Solver, Euler).</summary>
    [JsonPropertyName("prediction_type")] public string PredictionType { get; init; } = "epsilon";

    [JsonPropertyName("steps_offset")] public int StepsOffset { get; init; }

    [JsonPropertyName("set_alpha_to_one")] public bool? SetAlphaToOne { get; init; }

    [JsonPropertyName("skip_prk_steps")] public bool SkipPrkSteps { get; init; }

    [JsonPropertyName("clip_sample")] public bool? ClipSample { get; init; }

    [JsonPropertyName("clip_sample_range")] public double ClipSampleRange { get; init; } = 1.0;

    [JsonPropertyName("thresholding")] public bool Thresholding { get; init; }

    [JsonPropertyName("dynamic_thresholding_ratio")] public double DynamicThresholdingRatio { get; init; } = 0.995;

    [JsonPropertyName("sample_max_value")] public double SampleMaxValue { get; init; } = 1.0;

    /// <summary>DDIM only in 0.17.1: <c>leading</c> or <c>trailing</c>.</summary>
    [JsonPropertyName("timestep_spacing")] public string TimestepSpacing { get; init; } = "leading";

    [JsonPropertyName("rescale_betas_zero_snr")] public bool RescaleBetasZeroSnr { get; init; }

    [JsonPropertyName("interpolation_type")] public string InterpolationType { get; init; } = "linear";

    [JsonPropertyName("use_karras_sigmas")] public bool UseKarrasSigmas { get; init; }

    [JsonPropertyName("solver_order")] public int SolverOrder { get; init; } = 2;

    [JsonPropertyName("algorithm_type")] public string AlgorithmType { get; init; } = "dpmsolver++";

    [JsonPropertyName("solver_type")] public string SolverType { get; init; } = "midpoint";

    [JsonPropertyName("lower_order_final")] public bool LowerOrderFinal { get; init; } = true;

    [JsonPropertyName("lambda_min_clipped")] public double LambdaMinClipped { get; init; } = double.NegativeInfinity;

    [JsonPropertyName("variance_type")] public string? VarianceType { get; init; }

    /// <summary>Reads <c>scheduler_config.json</c>.</summary>
    public static SchedulerConfig Load(string path) => DiffusersJson.Load<SchedulerConfig>(path, "scheduler_config.json");

    /// <summary>Writes <c>directory/scheduler_config.json</c> as diffusers' <c>save_config</c> does (non-finite numbers bare,
    /// as Python's json module writes them; <see cref="Load"/> reads them back).</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = JsonSerializer.Serialize(this, SaveOptions);
        File.WriteAllText(Path.Combine(directory, FileName), QuotedNonFinite().Replace(json, "$1"));
    }

    public const string FileName = "scheduler_config.json";

    private static readonly JsonSerializerOptions SaveOptions = new()
    {
        WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    [GeneratedRegex("\"(-?Infinity|NaN)\"")]
    private static partial Regex QuotedNonFinite();

    public static SchedulerConfig Parse(string json, string source = "scheduler config") =>
        DiffusersJson.Parse<SchedulerConfig>(json, source, "scheduler config");

    /// <summary>Stable Diffusion 1.5's PNDM configuration.</summary>
    public static SchedulerConfig StableDiffusion15 => Parse(DiffusersJson.Embedded("sd15-scheduler"), "sd15-scheduler.json");

    /// <summary>AudioLDM's DDIM configuration (diffusers' AudioLDM conversion script).</summary>
    public static SchedulerConfig AudioLdmL => Parse(DiffusersJson.Embedded("audioldm-l-scheduler"), "audioldm-l-scheduler.json");

    /// <summary>Zeroscope v2 576w's DDIM configuration (the one ModelScope's text-to-video-ms-1.7b ships).</summary>
    public static SchedulerConfig Zeroscope576w => Parse(DiffusersJson.Embedded("zeroscope-v2-576w-scheduler"), "zeroscope-v2-576w-scheduler.json");
}
