using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Optimization;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// <c>pretrain-audio</c>: the stand-in for AudioLDM (NExT-GPT's audio decoder). Three sub-runs on rendered world sounds:
/// the mel VAE, the HiFi-GAN vocoder (mel to waveform), then the UNet with its CLAP text tower on the frozen VAE's
/// latents. Writes <c>audio_decoder/{unet, vae, text_encoder, text_tokenizer, vocoder, scheduler}</c> (weights in f16) and
/// <c>audio_decoder/unconditional.safetensors</c> (the CLAP embedding of "", (1, P), under the key <c>unconditional</c>),
/// then scores held-out captions through AudioDiffusionPipeline with the world's sound checker into the work folder's
/// <c>evaluation.json</c>.
/// </summary>
public sealed class AudioDecoderPretraining : IPretrainingStage
{
    public const string DecoderFolder = "audio_decoder";
    public const string UnconditionalFile = "unconditional.safetensors";
    public const string EvaluationFile = "evaluation.json";

    public string Name => "pretrain-audio";

    public PretrainingResult Run(PretrainingContext context)
    {
        var preset = AudioPreset.For(context.Preset);
        var (vaeSteps, vocoderSteps, unetSteps) = context.Steps is { } steps
            ? (Scaled(preset.VaeSteps, steps, preset.UnetSteps), Scaled(preset.VocoderSteps, steps, preset.UnetSteps), steps)
            : (preset.VaeSteps, preset.VocoderSteps, preset.UnetSteps);
        using var mel = new AudioLdmMelSpectrogram();
        using var corpus = SoundCorpus.Render(WorldSplit.Train, preset.Sounds, mel);
        var vocabulary = ByteLevelBpeTrainer.Train(corpus.Media.SelectMany(m => new[] { m.Caption, m.Request }.Concat(m.Paraphrases)),
            preset.VocabularySize);
        var tokens = new CaptionTokens(ByteLevelBpeTokenizer.FromVocabulary(vocabulary),
            preset.TextEncoder.MaxPositionEmbeddings - preset.TextEncoder.PadTokenId - 1);
        var losses = new Dictionary<string, double>();
        var scheduler = SchedulerConfig.AudioLdmL;

        random.manual_seed(context.Seed);
        using var vae = new AutoencoderKL(preset.Vae);
        StartAtMeanLevel(vae, corpus.Mels);
        if (Train("vae", new MelAutoencoderObjective(vae, corpus.Mels, preset.BatchSize, context.Seed), vaeSteps, preset.LearningRate,
                context, losses))
        {
            return new PretrainingResult([], Interrupted: true, losses);
        }

        random.manual_seed(context.Seed + 1);
        using var hifiGan = new SpeechT5HifiGan(preset.Vocoder);
        using (var vocoderObjective = new VocoderObjective(hifiGan, corpus.Mels, corpus.Waveforms, mel, preset.VocoderSegmentFrames,
                   preset.BatchSize, context.Seed))
        {
            if (Train("vocoder", vocoderObjective, vocoderSteps, preset.LearningRate, context, losses))
            {
                return new PretrainingResult([], Interrupted: true, losses);
            }
        }

        var (latentMean, latentStd, scalingFactor) = EncodeLatents(vae, corpus.Mels);
        using (latentMean)
        using (latentStd)
        {
            random.manual_seed(context.Seed + 2);
            using var unet = new UNet2DConditionModel(preset.Unet);
            using var textEncoder = new ClapTextModelWithProjection(preset.TextEncoder with { VocabSize = tokens.Tokenizer.VocabularySize });
            using var objective = new AudioDiffusionObjective(unet, textEncoder, tokens, corpus, latentMean, latentStd, scheduler,
                preset.BatchSize, context.Seed);
            if (Train("unet", objective, unetSteps, preset.LearningRate, context, losses))
            {
                return new PretrainingResult([], Interrupted: true, losses);
            }

            var root = Path.Combine(context.ModelDirectory, DecoderFolder);
            WriteFolder(root, vae, preset.Vae, scalingFactor, hifiGan, unet, textEncoder, vocabulary, tokens, scheduler);
        }

        var written = Path.Combine(context.ModelDirectory, DecoderFolder);
        var evaluation = AudioDecoderEvaluation.Run(written, AudioDecoderEvaluation.OptionsFor(context.Preset));
        evaluation.Save(Path.Combine(context.WorkDirectory, EvaluationFile));
        return new PretrainingResult([written], Interrupted: false, losses);
    }

    // The decoder's last convolution starts out producing the corpus' mean log-mel (about -8: mostly silence at log(1e-5)),
    // so the first hundred steps are not spent walking a zero-centred output down to it. Resuming overwrites it.
    private static void StartAtMeanLevel(AutoencoderKL vae, Tensor mels)
    {
        using var noGrad = no_grad();
        var bias = vae.named_parameters().Single(p => p.name == "decoder.conv_out.bias").parameter;
        bias.fill_(mels.mean().item<float>());
    }

    private static long Scaled(long presetSteps, long steps, long presetReference) =>
        Math.Max(1, (long)Math.Round((double)presetSteps * steps / presetReference));

    // One sub-run; true when it was interrupted.
    private static bool Train(string name, ITrainingObjective objective, long steps, double learningRate, PretrainingContext context,
        Dictionary<string, double> losses)
    {
        var run = new TrainingRun(objective, new TrainingOptions
        {
            TotalSteps = steps,
            Schedule = new WarmupCosineSchedule(learningRate, steps),
            Optimizer = new AdamWOptions { WeightDecay = 0.01 },
            Seed = context.Seed,
            CheckpointEvery = Math.Max(1, Math.Min(200, steps / 4)),
        }, Path.Combine(context.WorkDirectory, name));
        var last = new LastProgress(context.Progress);
        var result = run.Run(last, context.Cancellation);
        foreach (var (key, value) in last.Losses(name))
        {
            losses[key] = value;
        }

        return result.Interrupted;
    }

    // The trained VAE's posteriors of every mel, scaled to unit standard deviation (LDM's scale_factor = 1 / std of the
    // latents, which the pipeline divides out again before decoding).
    private static (Tensor Mean, Tensor Std, double ScalingFactor) EncodeLatents(AutoencoderKL vae, Tensor mels)
    {
        vae.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var means = new List<Tensor>();
        var stds = new List<Tensor>();
        for (long start = 0; start < mels.shape[0]; start += 32)
        {
            using var posterior = vae.Encode(mels.narrow(0, start, Math.Min(32, mels.shape[0] - start)).unsqueeze(1));   // (b, 1, T, 64)
            means.Add(posterior.Mean.alias());
            stds.Add(posterior.Std.alias());
        }

        var mean = cat(means, 0);                                                         // (N, C, T/f, 64/f)
        var std = cat(stds, 0);
        var spread = (mean.pow(2).mean() + std.pow(2).mean() - mean.mean().pow(2)).sqrt().item<float>();
        var scaling = 1.0 / Math.Max(spread, 1e-6);
        return ((mean * scaling).DetachFromDisposeScope(), (std * scaling).DetachFromDisposeScope(), scaling);
    }

    private static void WriteFolder(string root, AutoencoderKL vae, AutoencoderKLConfig vaeConfig, double scalingFactor,
        SpeechT5HifiGan vocoder, UNet2DConditionModel unet, ClapTextModelWithProjection textEncoder, ByteLevelBpeVocabulary vocabulary,
        CaptionTokens tokens, SchedulerConfig scheduler)
    {
        foreach (var module in new nn.Module[] { vae, vocoder, unet, textEncoder })
        {
            module.eval();
        }

        PretrainedFolder.Save(Path.Combine(root, "vae"), vaeConfig with { ScalingFactor = scalingFactor }, vae, dtype: ScalarType.Float16);
        PretrainedFolder.Save(Path.Combine(root, "unet"), unet.Config, unet, dtype: ScalarType.Float16);
        PretrainedFolder.Save(Path.Combine(root, "text_encoder"), textEncoder.Config, textEncoder, dtype: ScalarType.Float16);
        PretrainedFolder.Save(Path.Combine(root, "vocoder"), vocoder.Config, vocoder, dtype: ScalarType.Float16);
        vocabulary.Save(Path.Combine(root, "text_tokenizer"));
        scheduler.Save(Path.Combine(root, "scheduler"));

        // The unconditional conditioning, computed from the f16-rounded text encoder the folder holds.
        using var saved = ClapTextModelWithProjection.FromPretrained(Path.Combine(root, "text_encoder"));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (ids, _) = tokens.Batch([""]);
        SafeTensorsFile.Save(Path.Combine(root, UnconditionalFile),
            new Dictionary<string, Tensor> { ["unconditional"] = saved.EncodePrompt(ids).contiguous() });   // (1, P)
    }
}
