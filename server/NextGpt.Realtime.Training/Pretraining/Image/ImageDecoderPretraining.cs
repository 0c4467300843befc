using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Optimization;
using NextGpt.Realtime.Training.Stages;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// <c>pretrain-image</c>: the stand-in for Stable Diffusion 1.5. A byte-level BPE is trained on the world's captions (image
/// and clip captions, since the video decoder reuses this text side), a VAE learns to reconstruct the world's images (then
/// its decoder alone learns sharper edges, <see cref="VaeDecoderFinetuningObjective"/>), and a UNet learns v-prediction
/// (<see cref="DecoderScheduler"/>) on its latents, conditioned by a CLIP text encoder trained jointly with it (10% of
/// captions dropped for classifier-free guidance). Writes <c>image_decoder/{vae, unet, text_encoder, text_tokenizer,
/// scheduler}</c> and <c>image_decoder/unconditional.safetensors</c> (the text encoder's encoding of "", shape (1, L, D)),
/// weights stored as float16.
/// </summary>
public sealed class ImageDecoderPretraining : IPretrainingStage
{
    public const string DecoderFolder = "image_decoder";
    public const string UnconditionalFile = "unconditional.safetensors";
    public const string UnconditionalTensor = "unconditional";

    public string Name => "pretrain-image";

    public PretrainingResult Run(PretrainingContext context)
    {
        var preset = ImageDecoderPreset.For(context.Preset);
        var steps = StepSplit.Of(context.Steps, [preset.VaeSteps, preset.VaeDecoderSteps, preset.UnetSteps]);
        var (vaeSteps, decoderSteps, unetSteps) = (steps[0], steps[1], steps[2]);
        var vocabulary = TrainTokenizer(preset.VocabularySize, preset.TokenizerCaptions);
        var tokenizer = ByteLevelBpeTokenizer.FromVocabulary(vocabulary);
        using var images = WorldImageSet.Render(preset.Images);
        var length = preset.TextEncoder.MaxPositionEmbeddings;
        var longest = ClipCaptionIds.LongestLength(tokenizer, images.Captions);
        if (longest > length)
        {
            throw new InvalidOperationException(
                $"A training caption is {longest} tokens long but the text encoder reads {length}; raise max_position_embeddings or the vocabulary size.");
        }

        var last = new LastProgress(context.Progress);
        var losses = new Dictionary<string, double>();

        random.manual_seed(context.Seed);
        using var vae = new AutoencoderKL(preset.Vae);
        var vaeRun = new TrainingRun(new AutoencoderObjective(vae, images, preset.VaeBatchSize, preset.KlWeight), Options(context, vaeSteps, preset.VaeLearningRate),
            Path.Combine(context.WorkDirectory, "vae")).Run(last, context.Cancellation);
        Collect(losses, last, "vae");
        if (vaeRun.Interrupted)
        {
            return new PretrainingResult([], Interrupted: true, losses);
        }

        // The decoder-only phase leaves the encoder, and so the latents the UNet learns below, unchanged.
        random.manual_seed(context.Seed + 2);
        var decoderRun = new TrainingRun(new VaeDecoderFinetuningObjective(vae, images, preset.VaeBatchSize, preset.EdgeWeight),
            Options(context, decoderSteps, preset.VaeLearningRate / 4), Path.Combine(context.WorkDirectory, "vae-decoder")).Run(last, context.Cancellation);
        Collect(losses, last, "vae-decoder");
        if (decoderRun.Interrupted)
        {
            return new PretrainingResult([], Interrupted: true, losses);
        }

        var (mean, std) = LatentSet.Encode(vae, images.Batch(arange(images.Count, dtype: ScalarType.Int64)));
        // Stable Diffusion's scaling_factor makes the latents unit-variance (Rombach et al. 2022, appendix G): measured here.
        var scalingFactor = 1.0 / mean.std().item<float>();
        using var latents = new LatentSet(mean, std, ClipCaptionIds.Batch(tokenizer, images.Captions, length),
            ClipCaptionIds.Of(tokenizer, string.Empty, length), scalingFactor);

        random.manual_seed(context.Seed + 1);
        var textConfig = preset.TextEncoder with { VocabSize = tokenizer.VocabularySize, EosTokenId = tokenizer.SpecialIds.Eos };
        using var textEncoder = new ClipTextModel(textConfig);
        using var unet = new UNet2DConditionModel(preset.Unet);
        var objective = new LatentDiffusionObjective(unet, textEncoder, latents, new DdpmNoising(DecoderScheduler.Config),
            preset.UnetBatchSize, preset.CaptionDropout);
        var unetRun = new TrainingRun(objective, Options(context, unetSteps, preset.UnetLearningRate), Path.Combine(context.WorkDirectory, "unet"))
            .Run(last, context.Cancellation);
        Collect(losses, last, "unet");
        if (unetRun.Interrupted)
        {
            return new PretrainingResult([], Interrupted: true, losses);
        }

        var folder = Path.Combine(context.ModelDirectory, DecoderFolder);
        var paths = ImageDecoderFolder.In(folder);
        vae.eval();
        unet.eval();
        textEncoder.eval();
        PretrainedFolder.Save(paths.Vae, preset.Vae with { ScalingFactor = scalingFactor }, vae, dtype: ScalarType.Float16);
        PretrainedFolder.Save(paths.Unet, preset.Unet, unet, dtype: ScalarType.Float16);
        PretrainedFolder.Save(paths.TextEncoder, textConfig, textEncoder, dtype: ScalarType.Float16);
        vocabulary.Save(paths.TextTokenizer);
        DecoderScheduler.Config.Save(paths.Scheduler);
        WriteUnconditional(paths.TextEncoder, paths.TextTokenizer, paths.Unconditional);
        return new PretrainingResult([paths.Vae, paths.Unet, paths.TextEncoder, paths.TextTokenizer, paths.Scheduler, paths.Unconditional],
            Interrupted: false, losses);
    }

    /// <summary>The byte-level BPE of the decoders' CLIP side, trained on image and clip captions of the training split
    /// (seeds 0 to <paramref name="captions"/> - 1).</summary>
    public static ByteLevelBpeVocabulary TrainTokenizer(int vocabularySize, int captions)
    {
        var world = new EmberfallWorld(WorldSplit.Train);
        var corpus = Enumerable.Range(0, captions).SelectMany(seed => new[] { world.Image(seed).Caption, world.Clip(seed).Caption });
        return ByteLevelBpeTrainer.Train(corpus, vocabularySize);
    }

    /// <summary>
    /// The encoding of "" as stage 2 and the pipelines compute conditioning (<see cref="DecoderConditioning"/> over the
    /// text encoder as written, float16 weights read back), shape (1, L, D), so guidance at inference matches training.
    /// </summary>
    public static void WriteUnconditional(string textEncoderFolder, string tokenizerFolder, string path)
    {
        using var conditioning = DecoderConditioning.Clip(textEncoderFolder, tokenizerFolder);
        using var hidden = tensor(conditioning.Encode(string.Empty), [1, .. conditioning.Shape]);                       // (1, L, D)
        SafeTensorsFile.Save(path, new Dictionary<string, Tensor> { [UnconditionalTensor] = hidden });
    }

    private static TrainingOptions Options(PretrainingContext context, long steps, double learningRate) => new()
    {
        TotalSteps = steps,
        Schedule = new WarmupCosineSchedule(learningRate, steps, warmupRatio: 0.05),
        Optimizer = new AdamWOptions { WeightDecay = 0.01 },
        Seed = context.Seed,
        CheckpointEvery = Math.Max(1, Math.Min(200, steps / 4)),
    };

    private static void Collect(Dictionary<string, double> losses, LastProgress last, string name)
    {
        if (last.Last is { } progress)
        {
            losses[name] = progress.Loss;
        }
    }
}
