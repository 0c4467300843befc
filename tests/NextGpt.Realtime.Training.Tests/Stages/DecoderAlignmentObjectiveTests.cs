using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Optimization;
using NextGpt.Realtime.Training.Stages;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Stages;

public sealed class DecoderAlignmentObjectiveTests : IDisposable
{
    private static readonly string[] Colors = ["red", "green", "blue", "yellow"];
    private static readonly string[] Shapes = ["circle", "square", "star"];

    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-stage2-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Both_the_language_loss_and_the_l2_alignment_fall()
    {
        var (llm, tokenizer, projectors, examples) = Build();
        using (llm)
        {
            var objective = new DecoderAlignmentObjective(llm, tokenizer, projectors, examples, batchSize: 6, seed: 1);
            var parts = new List<IReadOnlyDictionary<string, double>>();
            new TrainingRun(objective, Options(80), _root).Run(new Recorder(p => parts.Add(p.Parts)));

            foreach (var key in new[] { "ce", "l2_image", "l2_audio" })
            {
                var values = parts.Where(p => p.ContainsKey(key)).Select(p => p[key]).ToList();
                Assert.True(values.TakeLast(5).Average() < 0.6 * values.Take(3).Average(),
                    $"{key} went from {values.Take(3).Average():F3} to {values.TakeLast(5).Average():F3}");
            }
        }
    }

    [Fact]
    public void Trains_the_projectors_and_the_embeddings_under_legacy_names_and_freezes_the_rest()
    {
        var (llm, tokenizer, projectors, examples) = Build();
        using (llm)
        {
            var objective = new DecoderAlignmentObjective(llm, tokenizer, projectors, examples, batchSize: 4, seed: 1);
            var names = objective.TrainableParameters.Select(p => p.Name).ToList();

            Assert.Contains("llama_model.model.embed_tokens.weight", names);
            Assert.Contains("llama_model.lm_head.weight", names);
            Assert.Contains("gen_text_hidden_fcs.0.query_embs", names);
            Assert.Contains("gen_text_hidden_fcs_audio.0.model.weight", names);
            Assert.DoesNotContain(names, n => n.Contains("layers.", StringComparison.Ordinal) && n.StartsWith("llama_model", StringComparison.Ordinal));
            Assert.All(llm.named_parameters().Where(p => p.name.Contains("self_attn", StringComparison.Ordinal)),
                p => Assert.False(p.parameter.requires_grad));
        }
    }

    [Fact]
    public void Captions_for_a_medium_without_a_projector_are_refused()
    {
        var (llm, tokenizer, projectors, examples) = Build();
        using (llm)
        {
            var imageOnly = new Dictionary<SignalModality, OutputProjector> { [SignalModality.Image] = projectors[SignalModality.Image] };
            var error = Assert.Throws<ArgumentException>(() => new DecoderAlignmentObjective(llm, tokenizer, imageOnly, examples, 4, 1));
            Assert.Contains("Audio", error.Message, StringComparison.Ordinal);
        }
    }

    private static TrainingOptions Options(long steps) => new()
    {
        TotalSteps = steps,
        Schedule = new WarmupDecaySchedule(maxLr: 3e-3, totalSteps: steps, warmupSteps: 4),
        CheckpointEvery = 1000,
    };

    // A tiny LLM, a BPE trained on the captions, and small projectors whose targets are a fixed function of the caption
    // (each colour and shape word adds its own random vector), so there is something real to learn.
    private static (LlamaForCausalLM, ITextTokenizer, Dictionary<SignalModality, OutputProjector>, List<CaptionAlignmentExample>) Build()
    {
        random.manual_seed(7);
        var captions = Colors.SelectMany(c => Shapes.Select(s => $"a {c} {s}")).ToList();
        var tokenizer = ByteLevelBpeTokenizer.FromVocabulary(ByteLevelBpeTrainer.Train(
            captions.Concat(["### Human: ", "\n### Assistant: ", "\n###"]), vocabularySize: 400));
        var llm = new LlamaForCausalLM(new LlamaConfig
        {
            HiddenSize = 32,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            IntermediateSize = 64,
            VocabSize = tokenizer.VocabularySize,
            MaxPositionEmbeddings = 128,
        });
        var projectors = new Dictionary<SignalModality, OutputProjector>
        {
            [SignalModality.Image] = new(Projector(numInputTokens: 4, numOutputTokens: 3, outDim: 8)),
            [SignalModality.Audio] = new(Projector(numInputTokens: 8, numOutputTokens: 1, outDim: 8)),
        };
        var rng = new Random(3);
        var wordVectors = Colors.Concat(Shapes).ToDictionary(w => w, _ => Enumerable.Range(0, 24).Select(_ => (float)rng.NextDouble()).ToArray());
        float[] TargetOf(string caption, int length) =>
            Enumerable.Range(0, length).Select(i => caption.Split(' ').Where(wordVectors.ContainsKey).Sum(w => wordVectors[w][i])).ToArray();
        var examples = captions.SelectMany(c => new[]
        {
            new CaptionAlignmentExample(c, SignalModality.Image, TargetOf(c, 3 * 8)),
            new CaptionAlignmentExample(c, SignalModality.Audio, TargetOf(c, 1 * 8)),
        }).ToList();
        return (llm, tokenizer, projectors, examples);
    }

    private static OutputProjectorConfig Projector(int numInputTokens, int numOutputTokens, int outDim) => new()
    {
        InDim = 32,
        OutDim = outDim,
        NumInputTokens = numInputTokens,
        NumOutputTokens = numOutputTokens,
        DModel = 16,
        NHead = 2,
        NumEncoderLayers = 1,
        NumDecoderLayers = 1,
        DimFeedforward = 32,
    };

    private sealed class Recorder(Action<TrainingProgress> onStep) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onStep(value);
    }
}
