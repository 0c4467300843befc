using System.Diagnostics;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward scheduler</c>: one whole sampling loop, as diffusers' pipelines run it. The model folder holds
/// <c>scheduler_config.json</c> (or <c>scheduler/scheduler_config.json</c>) and the UNet (in <c>unet/</c> or the folder
/// itself). Inputs: <c>initial_noise</c> (B, C, h, w) N(0, 1) noise (multiplied by init_noise_sigma here, as
/// prepare_latents does), <c>encoder_hidden_states</c> or <c>class_labels</c>, <c>num_inference_steps</c> (scalar);
/// optional <c>negative_encoder_hidden_states</c> / <c>negative_class_labels</c> with <c>guidance_scale</c> (scalar, &gt; 1)
/// for classifier-free guidance. Writes <c>latents</c> and <c>timesteps</c> (float64). When the UNet's config.json names
/// UNet3DConditionModel (Zeroscope), <c>initial_noise</c> is (B, C, F, h, w) and the loop is TextToVideoSDPipeline's (the
/// scheduler stepped on frames folded into the batch).
/// </summary>
public sealed class SchedulerForwardComponent : IForwardComponent
{
    public string Name => "scheduler";

    public string Description =>
        "Sampling loop: initial_noise, encoder_hidden_states or class_labels, num_inference_steps [, negative_*, guidance_scale] -> latents, timesteps.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var noise = inputs.GetValueOrDefault("initial_noise") ?? throw new ArgumentException("The inputs file must hold 'initial_noise'.");
        var steps = inputs.GetValueOrDefault("num_inference_steps") ?? throw new ArgumentException("The inputs file must hold 'num_inference_steps'.");
        var encoder = inputs.GetValueOrDefault("encoder_hidden_states")?.to_type(ScalarType.Float32);
        var labels = inputs.GetValueOrDefault("class_labels")?.to_type(ScalarType.Float32);
        if ((encoder is null) == (labels is null))
        {
            throw new ArgumentException("The inputs file must hold exactly one of encoder_hidden_states and class_labels.");
        }

        var guidance = inputs.GetValueOrDefault("guidance_scale")?.ToDouble() ?? 1.0;
        var negative = inputs.GetValueOrDefault(encoder is null ? "negative_class_labels" : "negative_encoder_hidden_states")?.to_type(ScalarType.Float32);
        var guided = guidance > 1.0;
        if (guided)
        {
            var uncond = negative ?? throw new ArgumentException("guidance_scale > 1 needs negative_encoder_hidden_states or negative_class_labels.");
            encoder = encoder is null ? null : cat([uncond, encoder], dim: 0);
            labels = labels is null ? null : cat([uncond, labels], dim: 0);
        }

        var schedulerPath = new[] { "scheduler_config.json", Path.Combine("scheduler", "scheduler_config.json") }
            .Select(p => Path.Combine(modelDirectory, p)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{modelDirectory} holds no scheduler_config.json (nor scheduler/scheduler_config.json).");
        var unetDirectory = Directory.Exists(Path.Combine(modelDirectory, "unet")) ? Path.Combine(modelDirectory, "unet") : modelDirectory;

        var video = DiffusersJson.ClassName(Path.Combine(unetDirectory, "config.json")) == "UNet3DConditionModel";
        using var scheduler = video ? new FrameFoldingScheduler(SchedulerFactory.Load(schedulerPath)) : SchedulerFactory.Load(schedulerPath);
        scheduler.SetTimesteps((int)steps.ToInt64());
        using var initial = noise.to_type(ScalarType.Float32) * scheduler.InitNoiseSigma;
        Tensor latents;
        if (video)
        {
            var context = encoder ?? throw new ArgumentException("A UNet3DConditionModel is conditioned on encoder_hidden_states, not class_labels.");
            using var unet3d = UNet3DConditionModel.FromPretrained(unetDirectory);
            latents = GuidedDenoisingLoop.Run((input, t) => unet3d.forward(input, t, context), scheduler, initial, guided, guidance,
                previewEvery: 0, afterStep: null, CancellationToken.None);
        }
        else
        {
            using var unet = UNet2DConditionModel.FromPretrained(unetDirectory);
            latents = GuidedDenoisingLoop.Run(unet, scheduler, initial,
                new GuidedDenoisingLoop.Conditioning(encoder, labels, guided, guidance), previewEvery: 0, preview: null, progress: null,
                Stopwatch.StartNew(), CancellationToken.None);
        }

        return new Dictionary<string, Tensor>
        {
            ["latents"] = latents,
            ["timesteps"] = tensor(scheduler.Timesteps.ToArray(), dtype: ScalarType.Float64),
        };
    }
}
