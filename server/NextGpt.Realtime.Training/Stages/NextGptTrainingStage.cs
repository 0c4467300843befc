using System.Text.Json;
using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.ModelFolder;
using NextGpt.Realtime.Training.Optimization;
using NextGpt.Realtime.Training.Pretraining;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// One of NExT-GPT's three stages run over a model folder (paper sections 4-5): reads the LLM, tokenizer, encoder and
/// decoder text encoders the earlier stages wrote, trains what the <see cref="StageRecipe"/> says with
/// <see cref="NextGptStageObjective"/>, and writes the LLM (its embeddings train in every stage, as in the legacy code) and
/// the projectors back. A stage that finished is not run again (its <c>done.json</c> in the work folder says so), since
/// stage 3 folds LoRA into the LLM.
/// </summary>
public abstract class NextGptTrainingStage : IPretrainingStage
{
    private const string DoneFile = "done.json";

    public abstract string Name { get; }

    protected abstract StageRecipe Recipe { get; }

    public PretrainingResult Run(PretrainingContext context)
    {
        var done = Path.Combine(context.WorkDirectory, DoneFile);
        if (File.Exists(done))
        {
            return new PretrainingResult([], Interrupted: false, new Dictionary<string, double>());
        }

        var preset = NextGptStagePreset.For(context.Preset);
        var folder = context.ModelDirectory;
        Require(Path.Combine(folder, "llm"), "pretrain-llm");
        var manifest = ModelManifestWriter.Write(folder);
        string PathOf(string relative) => Path.GetFullPath(Path.Combine(folder, relative));

        var tokenizer = TextTokenizerLoader.Load(PathOf(manifest.Tokenizer));
        using var llm = LlamaForCausalLM.FromPretrained(PathOf(manifest.Llm), lora: Recipe.TrainsLora ? preset.Lora : null);
        var conditioning = DecoderConditioning.FromModelFolder(folder, manifest);
        using var encoder = manifest.Encoder is { } encoderPath ? ImageBindModel.FromPretrained(PathOf(encoderPath)) : null;
        try
        {
            random.manual_seed(context.Seed);
            var inputProjector = InputProjectorFor(folder, encoder, llm);
            var outputProjectors = conditioning.ToDictionary(c => c.Key, c => OutputProjectorFor(folder, c.Key, c.Value, llm, preset));
            var embedder = encoder is null ? null : new WorldMediaEmbedder(new ImageBindMediaEncoder(encoder));
            var samples = new WorldStageSamples(
                media => (embedder ?? throw new InvalidOperationException("No encoder/ in the model folder: run pretrain-encoder first.")).Embed(media),
                (modality, caption) => conditioning[modality].Encode(caption));
            var readable = encoder is null ? Array.Empty<MediaKind>() : [MediaKind.Image, MediaKind.Audio, MediaKind.Video];
            var producible = conditioning.Keys.Select(KindOf).ToArray();
            var data = Samples(samples, preset, readable, producible);

            var objective = new NextGptStageObjective(llm, tokenizer, inputProjector, outputProjectors, data, Recipe, preset.BatchSize, context.Seed);
            var (steps, lr) = Length(preset);
            steps = context.Steps ?? steps;
            var run = new TrainingRun(objective, new TrainingOptions
            {
                TotalSteps = steps,
                Schedule = new WarmupCosineSchedule(lr, steps),
                Seed = context.Seed,
                CheckpointEvery = Math.Max(1, Math.Min(25, steps / 4)),
            }, Path.Combine(context.WorkDirectory, "run"));
            var last = new LastProgress(context.Progress);
            var result = run.Run(last, context.Cancellation);
            if (result.Interrupted)
            {
                return new PretrainingResult([], Interrupted: true, last.Losses(Name));
            }

            var written = Save(folder, llm, preset, inputProjector, outputProjectors);
            ModelManifestWriter.Write(folder);
            File.WriteAllText(done, JsonSerializer.Serialize(new { stage = Name, steps, finished = DateTimeOffset.UtcNow }));
            return new PretrainingResult(written, Interrupted: false, last.Losses(Name));
        }
        finally
        {
            foreach (var c in conditioning.Values)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>This stage's training samples.</summary>
    protected abstract IReadOnlyList<TrainingSample> Samples(WorldStageSamples samples, NextGptStagePreset preset,
        IReadOnlyCollection<MediaKind> readable, IReadOnlyCollection<MediaKind> producible);

    /// <summary>This stage's steps and peak learning rate.</summary>
    protected abstract (long Steps, double LearningRate) Length(NextGptStagePreset preset);

    private static MediaKind KindOf(SignalModality modality) => modality switch
    {
        SignalModality.Image => MediaKind.Image,
        SignalModality.Audio => MediaKind.Audio,
        _ => MediaKind.Video,
    };

    private static void Require(string path, string stage)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{path} does not exist: run `nextgpt train --stage {stage}` first.");
        }
    }

    // The input projector exists once the encoder does: loaded when an earlier stage wrote it, else new (legacy llama_proj:
    // one Linear from the encoder's embedding to the LLM's width, architecture notes 2.1).
    private static InputProjector? InputProjectorFor(string folder, ImageBindModel? encoder, LlamaForCausalLM llm)
    {
        var path = Path.Combine(folder, "input_projector");
        if (Directory.Exists(path))
        {
            return InputProjector.FromPretrained(path);
        }

        return encoder is null ? null : new InputProjector(new InputProjectorConfig { InDim = encoder.Config.OutEmbedDim, OutDim = llm.Config.HiddenSize });
    }

    // Output projectors (legacy TextFcLayer 'transformer' type, architecture notes 4.1) sized to their decoder's conditioning.
    private static OutputProjector OutputProjectorFor(string folder, SignalModality modality, DecoderConditioning conditioning,
        LlamaForCausalLM llm, NextGptStagePreset preset)
    {
        var path = Path.Combine(folder, "output_projectors", modality.ToString().ToLowerInvariant());
        if (Directory.Exists(path))
        {
            return OutputProjector.FromPretrained(path);
        }

        return new OutputProjector(new OutputProjectorConfig
        {
            InDim = llm.Config.HiddenSize,
            OutDim = (int)conditioning.Shape[1],
            NumOutputTokens = (int)conditioning.Shape[0],
            NumInputTokens = SignalTokenCount(modality),
            DModel = preset.ProjectorWidth,
            NHead = 4,
            NumEncoderLayers = preset.ProjectorLayers,
            NumDecoderLayers = preset.ProjectorLayers,
            DimFeedforward = preset.ProjectorWidth * 2,
        });
    }

    private static int SignalTokenCount(SignalModality modality) => modality switch
    {
        SignalModality.Image => Modeling.Tokenization.SignalTokens.ImageTokenCount,
        SignalModality.Audio => Modeling.Tokenization.SignalTokens.AudioTokenCount,
        _ => Modeling.Tokenization.SignalTokens.VideoTokenCount,
    };

    private IReadOnlyList<string> Save(string folder, LlamaForCausalLM llm, NextGptStagePreset preset, InputProjector? inputProjector,
        IReadOnlyDictionary<SignalModality, OutputProjector> outputProjectors)
    {
        var written = new List<string>();
        if (Recipe.TrainsLora)
        {
            var adapter = Path.Combine(folder, "lora");
            LoraAdapterFolder.Save(adapter, llm, preset.Lora);
            written.Add(adapter);
            foreach (var module in llm.modules().OfType<LoraLinear>())
            {
                module.Merge();
            }
        }

        var llmFolder = Path.Combine(folder, "llm");
        PretrainedFolder.Save(llmFolder, llm.Config, llm, skip: key => key.Contains(".lora_", StringComparison.Ordinal));
        written.Add(llmFolder);
        if (inputProjector is not null)
        {
            var path = Path.Combine(folder, "input_projector");
            PretrainedFolder.Save(path, inputProjector.Config, inputProjector);
            written.Add(path);
        }

        foreach (var (modality, projector) in outputProjectors)
        {
            var path = Path.Combine(folder, "output_projectors", modality.ToString().ToLowerInvariant());
            PretrainedFolder.Save(path, projector.Config, projector);
            written.Add(path);
        }

        return written;
    }
}
