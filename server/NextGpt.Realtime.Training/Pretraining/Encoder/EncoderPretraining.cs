using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Optimization;
using NextGpt.Realtime.Training.Pretraining.Audio;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>
/// <c>pretrain-encoder</c>: the stand-in for ImageBind (NExT-GPT's frozen encoder). Its vision tower (images, and clips
/// read as ImageBind reads videos) and audio tower learn, by InfoNCE, to embed world media next to their captions'
/// embeddings from a jointly trained CLIP-style text tower. Inputs are preprocessed exactly as the server preprocesses
/// uploads. Writes <c>encoder/</c> (ImageBind <c>config.json</c> + <c>model.safetensors</c>, f16) with the text side in
/// <c>encoder/text_encoder</c> and <c>encoder/text_tokenizer</c>, and the held-out retrieval scores in the work folder's
/// <c>evaluation.json</c>.
/// </summary>
public sealed class EncoderPretraining : IPretrainingStage
{
    public const string EncoderFolder = "encoder";
    public const string TextEncoderFolder = "text_encoder";
    public const string TextTokenizerFolder = "text_tokenizer";
    public const string EvaluationFile = "evaluation.json";

    public string Name => "pretrain-encoder";

    public PretrainingResult Run(PretrainingContext context)
    {
        var preset = EncoderPreset.For(context.Preset);
        var steps = context.Steps ?? preset.Steps;
        var sets = Corpus(WorldSplit.Train, preset.PerModality, preset.ImageBind);
        try
        {
            var vocabulary = ByteLevelBpeTrainer.Train(
                sets.SelectMany(s => s.Captions.Concat(s.Paraphrases.SelectMany(p => p))), preset.VocabularySize);
            var tokenizer = ByteLevelBpeTokenizer.FromVocabulary(vocabulary);
            var tokens = new CaptionTokens(tokenizer, preset.Text.MaxPositionEmbeddings);

            random.manual_seed(context.Seed);
            using var encoder = new ImageBindModel(preset.ImageBind);
            var textConfig = preset.Text with { VocabSize = tokenizer.VocabularySize, EosTokenId = tokenizer.SpecialIds.Eos };
            using var textModel = new ClipTextModel(textConfig);
            var text = new CaptionEmbedder(textModel, tokens);
            var objective = new ContrastiveAlignmentObjective(encoder, text, sets, preset.BatchSize, context.Seed);
            var run = new TrainingRun(objective, new TrainingOptions
            {
                TotalSteps = steps,
                Schedule = new WarmupCosineSchedule(preset.LearningRate, steps),
                Optimizer = new AdamWOptions { WeightDecay = 0.05 },
                Seed = context.Seed,
                CheckpointEvery = Math.Max(1, Math.Min(100, steps / 4)),
            }, Path.Combine(context.WorkDirectory, "encoder"));
            var last = new LastProgress(context.Progress);
            if (run.Run(last, context.Cancellation).Interrupted)
            {
                return new PretrainingResult([], Interrupted: true, last.Losses("encoder"));
            }

            var folder = Path.Combine(context.ModelDirectory, EncoderFolder);
            encoder.eval();
            textModel.eval();
            PretrainedFolder.Save(folder, encoder.Config, encoder, dtype: ScalarType.Float16);
            PretrainedFolder.Save(Path.Combine(folder, TextEncoderFolder), textConfig, textModel, dtype: ScalarType.Float16);
            vocabulary.Save(Path.Combine(folder, TextTokenizerFolder));

            // Scored with the folder as written (f16-rounded), loaded back as the server loads it.
            using var saved = ImageBindModel.FromPretrained(folder);
            using var savedText = ClipTextModel.FromPretrained(Path.Combine(folder, TextEncoderFolder));
            var heldOut = Corpus(WorldSplit.HeldOut, preset.HeldOut, preset.ImageBind);
            try
            {
                EncoderRetrievalEvaluation.Run(saved, new CaptionEmbedder(savedText, tokens), heldOut)
                    .Save(Path.Combine(context.WorkDirectory, EvaluationFile));
            }
            finally
            {
                heldOut.ForEach(s => s.Dispose());
            }

            return new PretrainingResult([folder], Interrupted: false, last.Losses("encoder"));
        }
        finally
        {
            sets.ForEach(s => s.Dispose());
        }
    }

    public static List<EncoderMediaSet> Corpus(WorldSplit split, int perModality, ImageBindConfig config) =>
    [
        EncoderCorpus.Images(split, perModality, config),
        EncoderCorpus.Sounds(split, perModality),
        EncoderCorpus.Clips(split, perModality, config),
    ];
}
