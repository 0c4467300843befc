using System.Diagnostics;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.Pretraining.Image;
using NextGpt.Realtime.Training.Stages;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Video;

/// <summary>
/// Scores a written video decoder as the served model would use it: <c>video_decoder/unet</c> with the image decoder's VAE,
/// held-out clip captions encoded by the image decoder's CLIP side (<see cref="DecoderConditioning"/>), the real
/// <see cref="VideoDiffusionPipeline"/> guided with <c>video_decoder/unconditional.safetensors</c>, every clip judged by
/// <see cref="ClipChecker"/>.
/// </summary>
public static class VideoDecoderEvaluation
{
    /// <param name="modelFolder">The model folder holding <c>image_decoder/</c> and <c>video_decoder/</c>.</param>
    /// <param name="samples">Held-out captions scored (held-out split, seeds 0 to samples - 1).</param>
    public static CheckerScore Score(string modelFolder, int samples, int inferenceSteps, double guidanceScale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var image = ImageDecoderFolder.In(Path.Combine(modelFolder, ImageDecoderPretraining.DecoderFolder));
        var video = VideoDecoderFolder.In(Path.Combine(modelFolder, VideoDecoderPretraining.DecoderFolder));
        using var unet = UNet3DConditionModel.FromPretrained(video.Unet);
        using var vae = AutoencoderKL.FromPretrained(image.Vae);
        unet.eval();
        vae.eval();
        using var conditioning = DecoderConditioning.Clip(image.TextEncoder, image.TextTokenizer);
        using var unconditional = SafeTensorsFile.Load(video.Unconditional)[ImageDecoderPretraining.UnconditionalTensor];
        var pipeline = new VideoDiffusionPipeline(unet, vae, SchedulerConfig.Load(video.SchedulerConfig));
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        var results = new List<CheckResult>();
        var seconds = 0.0;
        for (var seed = 0; seed < samples; seed++)
        {
            var spec = ((ClipMedia)world.Clip(seed).Media).Clip;
            using var scope = NewDisposeScope();
            var embeds = tensor(conditioning.Encode(spec.Caption), [1, .. conditioning.Shape]);                           // (1, L, D)
            var clock = Stopwatch.StartNew();
            using var generated = pipeline.Generate(embeds, unconditional, new VideoGenerationOptions
            {
                NumInferenceSteps = inferenceSteps, GuidanceScale = guidanceScale, Height = WorldFormat.ImageSize,
                Width = WorldFormat.ImageSize, NumFrames = WorldFormat.ClipFrames, Seed = seed, PreviewEvery = 0, Preview = PreviewMode.None,
            });
            seconds += clock.Elapsed.TotalSeconds;
            results.Add(ClipChecker.Check(new Clip(generated.Videos[0]), spec));
        }

        return CheckerScore.Of(results, seconds);
    }
}
