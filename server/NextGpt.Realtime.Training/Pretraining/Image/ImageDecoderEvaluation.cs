using System.Diagnostics;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.Stages;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// Scores a written <c>image_decoder/</c> as the served model uses it: the folder's parts loaded by the Modeling classes,
/// each held-out caption encoded by its CLIP text encoder as stage 2 encodes targets (<see cref="DecoderConditioning"/>), the real <see cref="ImageDiffusionPipeline"/> guided with
/// <c>unconditional.safetensors</c>, and every image judged by <see cref="ImageChecker"/> against the scene it was asked for.
/// </summary>
public static class ImageDecoderEvaluation
{
    /// <param name="folder">The <c>image_decoder/</c> folder.</param>
    /// <param name="samples">Held-out captions scored (held-out split, seeds 0 to samples - 1).</param>
    public static CheckerScore Score(string folder, int samples, int inferenceSteps, double guidanceScale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var paths = ImageDecoderFolder.In(folder);
        using var unet = UNet2DConditionModel.FromPretrained(paths.Unet);
        using var vae = AutoencoderKL.FromPretrained(paths.Vae);
        using var conditioning = DecoderConditioning.Clip(paths.TextEncoder, paths.TextTokenizer);
        foreach (var module in new nn.Module[] { unet, vae })
        {
            module.eval();
        }

        using var unconditional = SafeTensorsFile.Load(paths.Unconditional)[ImageDecoderPretraining.UnconditionalTensor];
        var pipeline = new ImageDiffusionPipeline(unet, vae, SchedulerConfig.Load(paths.SchedulerConfig));
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        var results = new List<CheckResult>();
        var seconds = 0.0;
        for (var seed = 0; seed < samples; seed++)
        {
            var scene = ((ImageMedia)world.Image(seed).Media).Scene;
            using var scope = NewDisposeScope();
            var embeds = tensor(conditioning.Encode(scene.Caption), [1, .. conditioning.Shape]);                          // (1, L, D)
            var clock = Stopwatch.StartNew();
            using var generated = pipeline.Generate(embeds, unconditional, new ImageGenerationOptions
            {
                NumInferenceSteps = inferenceSteps, GuidanceScale = guidanceScale, Height = WorldFormat.ImageSize,
                Width = WorldFormat.ImageSize, Seed = seed, PreviewEvery = 0, Preview = PreviewMode.None,
            });
            seconds += clock.Elapsed.TotalSeconds;
            results.Add(ImageChecker.Check(generated.Images[0], scene));
        }

        return CheckerScore.Of(results, seconds);
    }
}
