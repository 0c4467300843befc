using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Optimization;
using NextGpt.Realtime.Training.Pretraining.Image;
using NextGpt.Realtime.Training.Stages;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Video;

/// <summary>
/// <c>pretrain-video</c>: the stand-in for Zeroscope v2, which shares Stable Diffusion's VAE and CLIP text side. It reuses
/// <c>image_decoder/vae</c> and <c>image_decoder/{text_encoder, text_tokenizer}</c> (frozen: stage 2 then targets one
/// conditioning space for both media) and trains a UNet3D on the world's clips encoded frame by frame. Writes
/// <c>video_decoder/{unet, scheduler}</c> and <c>video_decoder/unconditional.safetensors</c>, weights stored as float16.
/// </summary>
public sealed class VideoDecoderPretraining : IPretrainingStage
{
    public const string DecoderFolder = "video_decoder";

    public string Name => "pretrain-video";

    public PretrainingResult Run(PretrainingContext context)
    {
        var preset = VideoDecoderPreset.For(context.Preset);
        var image = ImageDecoderFolder.In(Path.Combine(context.ModelDirectory, ImageDecoderPretraining.DecoderFolder));
        var missing = new[] { image.Vae, image.TextEncoder, image.TextTokenizer }.Where(p => !Directory.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new DirectoryNotFoundException(
                $"pretrain-video reuses the image decoder's VAE and text encoder, but {string.Join(", ", missing)} is missing: run pretrain-image first.");
        }

        using var vae = AutoencoderKL.FromPretrained(image.Vae);
        using var conditioning = DecoderConditioning.Clip(image.TextEncoder, image.TextTokenizer);
        using var latents = EncodeClips(vae, conditioning, preset.Clips);
        var steps = context.Steps ?? preset.Steps;
        var config = VideoDecoderPreset.WithCrossAttentionDim(preset.Unet, (int)conditioning.Shape[1]);

        random.manual_seed(context.Seed);
        using var unet = new UNet3DConditionModel(config);
        var objective = new VideoDiffusionObjective(unet, latents, new DdpmNoising(DecoderScheduler.Config), preset.BatchSize, preset.CaptionDropout);
        var last = new LastProgress(context.Progress);
        var run = new TrainingRun(objective, new TrainingOptions
        {
            TotalSteps = steps,
            Schedule = new WarmupCosineSchedule(preset.LearningRate, steps, warmupRatio: 0.05),
            Optimizer = new AdamWOptions { WeightDecay = 0.01 },
            Seed = context.Seed,
            CheckpointEvery = Math.Max(1, Math.Min(200, steps / 4)),
        }, Path.Combine(context.WorkDirectory, "unet")).Run(last, context.Cancellation);
        if (run.Interrupted)
        {
            return new PretrainingResult([], Interrupted: true, last.Losses("unet"));
        }

        var folder = VideoDecoderFolder.In(Path.Combine(context.ModelDirectory, DecoderFolder));
        unet.eval();
        PretrainedFolder.Save(folder.Unet, config, unet, dtype: ScalarType.Float16);
        DecoderScheduler.Config.Save(folder.Scheduler);
        ImageDecoderPretraining.WriteUnconditional(image.TextEncoder, image.TextTokenizer, folder.Unconditional);
        return new PretrainingResult([folder.Unet, folder.Scheduler, folder.Unconditional], Interrupted: false, last.Losses("unet"));
    }

    /// <summary>The clips' frame latents as (N, C, F, h, w), with each caption's (L, D) conditioning.</summary>
    private static LatentSet EncodeClips(AutoencoderKL vae, DecoderConditioning conditioning, int count)
    {
        using var clips = WorldClipSet.Render(count);
        var frames = WorldClipSet.Frames;
        var (mean, std) = LatentSet.Encode(vae, clips.AllFrames());                              // (N F, C, h, w) each
        Tensor ToVideo(Tensor x) => x.view(count, frames, x.shape[1], x.shape[2], x.shape[3]).permute(0, 2, 1, 3, 4).contiguous();
        var shape = new long[] { 1, conditioning.Shape[0], conditioning.Shape[1] };
        var captions = cat(clips.Captions.Select(c => tensor(conditioning.Encode(c), shape)).ToList(), 0);  // (N, L, D)
        var empty = tensor(conditioning.Encode(string.Empty), shape[1..]);                                  // (L, D)
        return new LatentSet(ToVideo(mean), ToVideo(std), captions, empty, vae.ScalingFactor);
    }
}
