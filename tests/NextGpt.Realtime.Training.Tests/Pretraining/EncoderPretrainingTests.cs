using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Video;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.ModelFolder;
using NextGpt.Realtime.Training.Pretraining;
using NextGpt.Realtime.Training.Pretraining.Encoder;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

public sealed class EncoderPretrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-encoder-").FullName;

    // One libtorch thread: on a loaded two-core machine two OpenMP threads make these small models ten times slower.
    public EncoderPretrainingTests() => set_num_threads(1);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Minimal_preset_trains_and_the_written_encoder_embeds_uploads_as_the_server_does()
    {
        var model = Path.Combine(_root, "model");
        var work = Path.Combine(_root, "work");
        var result = new EncoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal));

        Assert.False(result.Interrupted);
        var folder = Path.Combine(model, "encoder");
        Assert.Equal([folder], result.Written);
        var log = LossLog.Read(Path.Combine(work, "encoder", "loss.jsonl"));
        Assert.True(log.TakeLast(5).Average(e => e.Loss) < log.Take(5).Average(e => e.Loss),
            $"loss went from {log.Take(5).Average(e => e.Loss):F3} to {log.TakeLast(5).Average(e => e.Loss):F3}");
        Assert.Equal("encoder", ModelManifestWriter.Write(model).Encoder);
        using (var weights = SafeTensorsFile.Open(Path.Combine(folder, PretrainedFolder.WeightsFile)))
        {
            Assert.All(weights.Names, name => Assert.Equal(ScalarType.Float16, weights.DTypeOf(name)));
        }

        using var encoder = ImageBindModel.FromPretrained(folder);
        using var text = ClipTextModel.FromPretrained(Path.Combine(folder, "text_encoder"));
        var expected = EncoderPreset.For(TrainingPreset.Minimal).ImageBind;
        Assert.Equal((expected.VisionEmbedDim, expected.OutEmbedDim, expected.ImageSize, expected.AudioStride),
            (encoder.Config.VisionEmbedDim, encoder.Config.OutEmbedDim, encoder.Config.ImageSize, encoder.Config.AudioStride));
        Assert.Equal(expected.KernelSize, encoder.Config.KernelSize);
        var media = new ImageBindMediaEncoder(encoder);
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        var image = media.EncodeImage(((ImageMedia)world.Image(0).Media).Render());
        var sound = media.EncodeAudio(new PcmAudio(WorldFormat.SampleRate, [((SoundMedia)world.Sound(0).Media).Render()]));
        var clip = media.EncodeVideo(new VideoClip(((ClipMedia)world.Clip(0).Media).Render().Frames, WorldFormat.ClipFramesPerSecond));
        foreach (var embedding in new[] { image, sound, clip })
        {
            Assert.Equal(encoder.Config.OutEmbedDim, embedding.Embedding.Length);
            Assert.All(embedding.Embedding, v => Assert.True(float.IsFinite(v)));
        }

        Assert.True(File.Exists(Path.Combine(work, EncoderPretraining.EvaluationFile)));
    }

    [Fact]
    public void Training_embeds_a_sound_as_the_server_does_although_it_folds_identical_clips()
    {
        // The trainer encodes only the distinct clips of ImageBind's preprocessing; the weighted mean must equal the
        // server's mean over all of them.
        random.manual_seed(3);
        var config = EncoderPreset.For(TrainingPreset.Minimal).ImageBind;
        using var encoder = new ImageBindModel(config);
        encoder.eval();
        using var sounds = EncoderCorpus.Sounds(WorldSplit.HeldOut, 2);
        using var clips = EncoderCorpus.Clips(WorldSplit.HeldOut, 2, config);
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        using var noGrad = no_grad();

        var served = new ImageBindMediaEncoder(encoder).EncodeAudio(new PcmAudio(WorldFormat.SampleRate, [((SoundMedia)world.Sound(1).Media).Render()]));
        using var trained = ContrastiveAlignmentObjective.EmbedMedia(encoder, sounds, sounds.Inputs.narrow(0, 1, 1));
        Assert.True(trained[0].allclose(tensor(served.Embedding), atol: 1e-4));

        var servedClip = new ImageBindMediaEncoder(encoder).EncodeVideo(
            new VideoClip(((ClipMedia)world.Clip(1).Media).Render().Frames, WorldFormat.ClipFramesPerSecond));
        using var trainedClip = ContrastiveAlignmentObjective.EmbedMedia(encoder, clips, clips.Inputs.narrow(0, 1, 1));
        Assert.True(trainedClip[0].allclose(tensor(servedClip.Embedding), atol: 1e-4));
        Assert.True(clips.Inputs.shape[1] < 15, $"{clips.Inputs.shape[1]} distinct clips of 15");
    }
}
