using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.ModelFolder;
using NextGpt.Realtime.Training.Pretraining;
using NextGpt.Realtime.Training.Pretraining.Image;
using NextGpt.Realtime.Training.Stages;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

/// <summary>pretrain-image at the minimal preset: trains, writes a folder the Modeling classes and the pipeline load, resumes.</summary>
public sealed class ImageDecoderPretrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-image-decoder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Minimal_run_lowers_both_losses_and_writes_an_image_decoder_that_loads_and_generates()
    {
        var model = Path.Combine(_root, "model");
        var work = Path.Combine(_root, "work");
        var result = new ImageDecoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal, Steps: 60));

        Assert.False(result.Interrupted);
        Assert.Equal(["unet", "vae", "vae-decoder"], result.FinalLosses.Keys.Order());
        Assert.Equal(12, LossLog.Read(Path.Combine(work, "vae-decoder", "loss.jsonl")).Count);
        foreach (var run in new[] { "vae", "unet" })
        {
            var losses = LossLog.Read(Path.Combine(work, run, "loss.jsonl")).Select(entry => entry.Loss).ToList();
            Assert.Equal(24, losses.Count);
            Assert.True(losses.TakeLast(6).Average() < losses.Take(6).Average() * 0.9,
                $"{run}: first {losses.Take(6).Average():F3}, last {losses.TakeLast(6).Average():F3}");
        }

        var paths = ImageDecoderFolder.In(Path.Combine(model, ImageDecoderPretraining.DecoderFolder));

        // The decoder-only phase changed the decoder and left the encoder (so the UNet's latent space) as the VAE phase made it.
        var afterVae = SafeTensorsFile.Load(Path.Combine(work, "vae", "checkpoints", "step-00000024", "trainable.safetensors"));
        var written = SafeTensorsFile.Load(Path.Combine(paths.Vae, PretrainedFolder.WeightsFile));
        foreach (var name in new[] { "encoder.conv_in.weight", "quant_conv.weight" })
        {
            Assert.True(allclose(written[name].to_type(ScalarType.Float32), afterVae[name].to_type(ScalarType.Float16).to_type(ScalarType.Float32)), name);
        }

        Assert.False(allclose(written["decoder.conv_out.weight"].to_type(ScalarType.Float32),
            afterVae["decoder.conv_out.weight"].to_type(ScalarType.Float16).to_type(ScalarType.Float32)));
        Assert.Contains(paths.Unconditional, result.Written);
        var manifest = ModelManifestWriter.Write(model).ImageDecoder!;
        Assert.Equal(("image_decoder/unet", "image_decoder/vae", "image_decoder/text_encoder", "image_decoder/text_tokenizer"),
            (manifest.Unet, manifest.Vae, manifest.TextEncoder, manifest.TextTokenizer));
        Assert.Equal("image_decoder/unconditional.safetensors", manifest.Unconditional);
        Assert.Equal(ScalarType.Float16, SafeTensorsFile.Open(Path.Combine(paths.Unet, PretrainedFolder.WeightsFile)).DTypeOf("conv_in.weight"));

        // The unconditional embedding is stage 2's conditioning of "", and the UNet reads conditioning of that width.
        using var conditioning = DecoderConditioning.Clip(paths.TextEncoder, paths.TextTokenizer);
        using var unconditional = SafeTensorsFile.Load(paths.Unconditional)[ImageDecoderPretraining.UnconditionalTensor];
        Assert.Equal([1L, .. conditioning.Shape], unconditional.shape);
        Assert.Equal(conditioning.Encode(string.Empty), unconditional.data<float>().ToArray());
        using var unet = UNet2DConditionModel.FromPretrained(paths.Unet);
        Assert.Equal(conditioning.Shape[1], unet.Config.CrossAttentionDim.Values[0]);

        var score = ImageDecoderEvaluation.Score(paths.Root, samples: 2, inferenceSteps: 2, guidanceScale: 3.0);
        Assert.Equal(2, score.Samples);
        Assert.Contains("shape", score.AttributePassRates.Keys);

        // The VAE's round-trip ceilings read held-out media through the same checkers.
        var images = ImageAutoencoderEvaluation.ScoreImages(paths.Vae, samples: 2);
        Assert.Equal(2, images.Samples);
        Assert.Contains("background", images.AttributePassRates.Keys);
        var clips = ImageAutoencoderEvaluation.ScoreClips(paths.Vae, samples: 1);
        Assert.Equal(1, clips.Samples);
        Assert.Contains("motion", clips.AttributePassRates.Keys);
    }

    [Fact]
    public void An_interrupted_run_writes_nothing_and_resumes_where_it_stopped()
    {
        var model = Path.Combine(_root, "model");
        var work = Path.Combine(_root, "work");
        using var cancel = new CancellationTokenSource();
        var stopAt = new Progress(p =>
        {
            if (p.Parts.Count == 0 && p.Step == 3)
            {
                cancel.Cancel();
            }
        });
        var interrupted = new ImageDecoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal, Progress: stopAt,
            Cancellation: cancel.Token));
        Assert.True(interrupted.Interrupted);
        Assert.Empty(interrupted.Written);
        Assert.False(Directory.Exists(Path.Combine(model, ImageDecoderPretraining.DecoderFolder)));

        var firstSteps = new List<(string Run, long Step)>();
        var resumed = new ImageDecoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal,
            Progress: new Progress(p => firstSteps.Add((p.Parts.Count == 0 ? "unet" : "vae", p.Step)))));
        Assert.False(resumed.Interrupted);
        Assert.NotEmpty(resumed.Written);
        // The VAE had finished: it is restored, not retrained; the UNet continues after its 4 done steps.
        Assert.Equal(4, firstSteps.First().Step);
        Assert.All(firstSteps, s => Assert.Equal("unet", s.Run));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i),
            LossLog.Read(Path.Combine(work, "unet", "loss.jsonl")).Select(entry => entry.Step));
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
