using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.ModelFolder;
using NextGpt.Realtime.Training.Pretraining;
using NextGpt.Realtime.Training.Pretraining.Image;
using NextGpt.Realtime.Training.Pretraining.Video;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

/// <summary>pretrain-video at the minimal preset, over a minimal pretrain-image folder.</summary>
public sealed class VideoDecoderPretrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-video-decoder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Without_the_image_decoder_it_says_to_run_pretrain_image_first()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => new VideoDecoderPretraining().Run(
            new PretrainingContext(Path.Combine(_root, "model"), Path.Combine(_root, "work"), TrainingPreset.Minimal)));
        Assert.Contains("run pretrain-image first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimal_run_trains_a_video_unet_whose_folder_loads_and_generates()
    {
        var model = Path.Combine(_root, "model");
        new ImageDecoderPretraining().Run(new PretrainingContext(model, Path.Combine(_root, "work-image"), TrainingPreset.Minimal));
        var work = Path.Combine(_root, "work-video");
        var result = new VideoDecoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal, Steps: 24));

        Assert.False(result.Interrupted);
        var losses = LossLog.Read(Path.Combine(work, "unet", "loss.jsonl")).Select(entry => entry.Loss).ToList();
        Assert.Equal(24, losses.Count);
        Assert.True(losses.TakeLast(6).Average() < losses.Take(6).Average() * 0.9,
            $"first {losses.Take(6).Average():F3}, last {losses.TakeLast(6).Average():F3}");

        var manifest = ModelManifestWriter.Write(model).VideoDecoder!;
        Assert.Equal(("video_decoder/unet", "image_decoder/vae", "image_decoder/text_encoder", "video_decoder/unconditional.safetensors"),
            (manifest.Unet, manifest.Vae, manifest.TextEncoder, manifest.Unconditional));
        var folder = VideoDecoderFolder.In(Path.Combine(model, VideoDecoderPretraining.DecoderFolder));
        Assert.Equal(ScalarType.Float16, SafeTensorsFile.Open(Path.Combine(folder.Unet, PretrainedFolder.WeightsFile)).DTypeOf("conv_in.weight"));
        using var unet = UNet3DConditionModel.FromPretrained(folder.Unet);
        Assert.Equal(16, unet.Config.CrossAttentionDim);

        var score = VideoDecoderEvaluation.Score(model, samples: 1, inferenceSteps: 2, guidanceScale: 3.0);
        Assert.Equal(1, score.Samples);
        Assert.Contains("motion", score.AttributePassRates.Keys);
    }
}
