using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.ModelFolder;
using NextGpt.Realtime.Training.Pretraining;
using NextGpt.Realtime.Training.Pretraining.Audio;
using NextGpt.Realtime.Training.Stages;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

public sealed class AudioDecoderPretrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-audio-").FullName;

    // One libtorch thread: on a loaded two-core machine two OpenMP threads make these small models ten times slower.
    public AudioDecoderPretrainingTests() => set_num_threads(1);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Minimal_preset_trains_writes_the_contract_folder_and_it_generates_through_the_pipeline()
    {
        var model = Path.Combine(_root, "model");
        var work = Path.Combine(_root, "work");
        var result = new AudioDecoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal));

        Assert.False(result.Interrupted);
        var decoder = Path.Combine(model, "audio_decoder");
        Assert.Equal([decoder], result.Written);
        foreach (var part in new[] { "unet", "vae", "text_encoder", "vocoder" })
        {
            Assert.True(File.Exists(Path.Combine(decoder, part, PretrainedFolder.WeightsFile)), part);
            using var file = SafeTensorsFile.Open(Path.Combine(decoder, part, PretrainedFolder.WeightsFile));
            Assert.All(file.Names, name => Assert.Equal(ScalarType.Float16, file.DTypeOf(name)));
        }

        // The VAE and the vocoder learn visibly in a dozen steps; the diffusion loss is too noisy to compare so early.
        foreach (var run in new[] { "vae", "vocoder" })
        {
            var log = LossLog.Read(Path.Combine(work, run, "loss.jsonl"));
            Assert.True(log.TakeLast(3).Average(e => e.Loss) < log.Take(3).Average(e => e.Loss),
                $"{run}: loss went from {log.Take(3).Average(e => e.Loss):F3} to {log.TakeLast(3).Average(e => e.Loss):F3}");
        }

        // The manifest names every part, and unconditional.safetensors is the folder's own CLAP embedding of "".
        var manifest = ModelManifestWriter.Write(model);
        Assert.NotNull(manifest.AudioDecoder);
        Assert.Equal("audio_decoder/vocoder", manifest.AudioDecoder!.Vocoder);
        Assert.Equal("audio_decoder/unconditional.safetensors", manifest.AudioDecoder.Unconditional);
        using var clap = ClapTextModelWithProjection.FromPretrained(Path.Combine(decoder, "text_encoder"));
        var tokenizer = TextTokenizerLoader.Load(Path.Combine(decoder, "text_tokenizer"));
        using var empty = clap.EncodePrompt(tensor(tokenizer.Encode("", addBos: true, addEos: true).Select(i => (long)i).ToArray()).unsqueeze(0));
        var stored = SafeTensorsFile.Load(Path.Combine(decoder, "unconditional.safetensors"))["unconditional"];
        Assert.Equal([1, clap.Config.ProjectionDim], stored.shape);
        Assert.True(stored.allclose(empty, atol: 1e-5));

        // Stage 2 reads the folder through DecoderConditioning: one (1, P) token, "" equal to the stored unconditional.
        using var conditioning = DecoderConditioning.FromModelFolder(model, manifest)[SignalModality.Audio];
        Assert.Equal([1L, clap.Config.ProjectionDim], conditioning.Shape);
        Assert.True(tensor(conditioning.Encode("")).allclose(stored.flatten(), atol: 1e-5));

        var evaluation = AudioDecoderEvaluation.Run(decoder, AudioDecoderEvaluation.OptionsFor(TrainingPreset.Minimal));
        Assert.Equal(2, evaluation.Sounds);
        Assert.InRange(evaluation.Accuracy["all"], 0, 1);
        Assert.Equal(["vae+vocoder", "vocoder"], evaluation.Ceilings.Keys.Order());
        Assert.True(File.Exists(Path.Combine(work, AudioDecoderPretraining.EvaluationFile)));

        // The trained vocoder's shape (kernel 11 at rate 5) streams: pieces delivered during vocoding join to the whole.
        using var unet = UNet2DConditionModel.FromPretrained(Path.Combine(decoder, "unet"));
        using var vae = AutoencoderKL.FromPretrained(Path.Combine(decoder, "vae"));
        using var hifiGan = SpeechT5HifiGan.FromPretrained(Path.Combine(decoder, "vocoder"));
        var pipeline = new AudioDiffusionPipeline(unet, vae, SchedulerConfig.Load(Path.Combine(decoder, "scheduler", SchedulerConfig.FileName)),
            MelVocoder.FromHifiGan(hifiGan));
        var pieces = new List<float>();
        var options = new AudioGenerationOptions { AudioLengthSeconds = 2.0, NumInferenceSteps = 2, GuidanceScale = 1.0, Seed = 5 };
        using var whole = pipeline.Generate(empty, null, options);
        using var streamed = pipeline.Generate(empty, null, options, audioChunks: new ChunkCollector(pieces));
        Assert.Equal(32000, whole.Waveforms.shape[1]);
        Assert.Equal(32000, pieces.Count);
        Assert.True(tensor(pieces.ToArray()).allclose(whole.Waveforms[0], atol: 1e-4));
    }

    private sealed class ChunkCollector(List<float> samples) : IProgress<AudioChunk>
    {
        public void Report(AudioChunk value) => samples.AddRange(value.Samples[0]);
    }

    [Fact]
    public void An_interrupted_stage_resumes_and_finishes()
    {
        var model = Path.Combine(_root, "model");
        var work = Path.Combine(_root, "work");
        using var cancel = new CancellationTokenSource();
        var steps = 0;
        var progress = new Recorder(_ => { if (++steps == 5) { cancel.Cancel(); } });
        var first = new AudioDecoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal, Steps: 8,
            Progress: progress, Cancellation: cancel.Token));
        Assert.True(first.Interrupted);
        Assert.Empty(first.Written);
        Assert.False(Directory.Exists(Path.Combine(model, "audio_decoder")));

        var second = new AudioDecoderPretraining().Run(new PretrainingContext(model, work, TrainingPreset.Minimal, Steps: 8));
        Assert.False(second.Interrupted);
        var log = LossLog.Read(Path.Combine(work, "vae", "loss.jsonl"));
        Assert.Equal(Enumerable.Range(0, log.Count).Select(i => (long)i), log.Select(e => e.Step));
        Assert.True(File.Exists(Path.Combine(model, "audio_decoder", "unconditional.safetensors")));
    }

    private sealed class Recorder(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
