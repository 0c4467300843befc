using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using NextGpt.Realtime.Training.Optimization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Language;

/// <summary>
/// <c>pretrain-llm</c>: the stand-in for Vicuna. A byte-level BPE is trained on the world's text (NExT-GPT's 38 added tokens
/// kept whole), then a LLaMA of the preset's size learns the dialogue corpus by next-token cross-entropy. Writes
/// <c>tokenizer/</c> and <c>llm/</c> into the model folder.
/// </summary>
public sealed class LanguageModelPretraining : IPretrainingStage
{
    public const string TokenizerFolder = "tokenizer";
    public const string LlmFolder = "llm";

    public string Name => "pretrain-llm";

    public PretrainingResult Run(PretrainingContext context)
    {
        var preset = LanguagePreset.For(context.Preset);
        var dialogues = LanguageCorpus.Dialogues(preset.Dialogues);
        // The BPE is part of the run's state: a resumed or extended run keeps the one its checkpoints were trained with,
        // even when the world's text has changed since (a new BPE would renumber the ids the embeddings were learned for).
        var workTokenizer = Path.Combine(context.WorkDirectory, TokenizerFolder);
        if (!File.Exists(Path.Combine(workTokenizer, ByteLevelBpeVocabulary.VocabFile)))
        {
            ByteLevelBpeTrainer.Train(
                    dialogues.Take(preset.TokenizerDialogues).Concat(LanguageCorpus.Captions(preset.TokenizerDialogues / 4 + 10)), preset.VocabularySize)
                .Save(workTokenizer, addPrefixSpace: true);
        }

        var tokenizer = ByteLevelBpeTokenizer.LoadFolder(workTokenizer);

        random.manual_seed(context.Seed);
        var config = preset.Llm with
        {
            VocabSize = tokenizer.VocabularySize,
            BosTokenId = tokenizer.SpecialIds.Bos,
            EosTokenId = tokenizer.SpecialIds.Eos,
        };
        using var llm = new LlamaForCausalLM(config);
        var examples = dialogues.Concat(LanguageCorpus.NameDrills(preset.NameDrills))
            .Select(text => TokenizedExample.Full([.. tokenizer.Encode(text, addBos: true).Select(id => (long)id)]))
            .ToList();
        var objective = new LanguageModelObjective(llm, new ExampleBatcher(examples, preset.BatchSize, context.Seed, tokenizer.SpecialIds.Pad));
        var steps = context.Steps ?? preset.Steps;
        var run = new TrainingRun(objective, new TrainingOptions
        {
            TotalSteps = steps,
            Schedule = new WarmupCosineSchedule(preset.LearningRate, steps),
            Optimizer = new AdamWOptions { WeightDecay = 0.01 },
            Seed = context.Seed,
            CheckpointEvery = Math.Max(1, Math.Min(20, steps / 4)),
        }, Path.Combine(context.WorkDirectory, "llm"));
        var last = new LastProgress(context.Progress);
        var result = run.Run(last, context.Cancellation);
        if (result.Interrupted)
        {
            return new PretrainingResult([], Interrupted: true, last.Losses("llm"));
        }

        var tokenizerFolder = Path.Combine(context.ModelDirectory, TokenizerFolder);
        var llmFolder = Path.Combine(context.ModelDirectory, LlmFolder);
        Directory.CreateDirectory(tokenizerFolder);
        foreach (var file in Directory.GetFiles(workTokenizer))
        {
            File.Copy(file, Path.Combine(tokenizerFolder, Path.GetFileName(file)), overwrite: true);
        }

        llm.eval();
        PretrainedFolder.Save(llmFolder, config, llm);
        return new PretrainingResult([tokenizerFolder, llmFolder], Interrupted: false, last.Losses("llm"));
    }
}
