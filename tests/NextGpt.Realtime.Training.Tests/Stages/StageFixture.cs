using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Stages;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Stages;

/// <summary>
/// A miniature NExT-GPT for stage tests: a tiny LLM, a BPE trained on the captions, an input projector from 12-d "encoder"
/// embeddings and small output projectors. Media embeddings and caption targets are fixed functions of the caption's
/// words (each word adds its own random vector), so every stage has something real to learn.
/// </summary>
internal sealed class StageFixture : IDisposable
{
    public const int EncoderWidth = 12;
    private static readonly string[] Colors = ["red", "green", "blue", "yellow"];
    private static readonly string[] Shapes = ["circle", "square", "star"];
    private readonly Dictionary<string, float[]> _wordVectors;

    public StageFixture(bool withLora = false)
    {
        random.manual_seed(7);
        Captions = Colors.SelectMany(c => Shapes.Select(s => $"a {c} {s}")).ToList();
        Tokenizer = ByteLevelBpeTokenizer.FromVocabulary(ByteLevelBpeTrainer.Train(
            Captions.Concat([LegacyTrainingText.HumanPrefix, LegacyTrainingText.AssistantPrefix, LegacyTrainingText.CaptionInstruction, "here it is"]),
            vocabularySize: 400));
        Llm = new LlamaForCausalLM(new LlamaConfig
        {
            HiddenSize = 32,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            IntermediateSize = 64,
            VocabSize = Tokenizer.VocabularySize,
            MaxPositionEmbeddings = 128,
        }, lora: withLora ? LoraConfig.NextGpt with { Rank = 4, Alpha = 8 } : null);
        InputProjector = new InputProjector(new InputProjectorConfig { InDim = EncoderWidth, OutDim = 32 });
        OutputProjectors = new Dictionary<SignalModality, OutputProjector>
        {
            [SignalModality.Image] = new(Projector(numInputTokens: 4, numOutputTokens: 3)),
            [SignalModality.Audio] = new(Projector(numInputTokens: 8, numOutputTokens: 1)),
            [SignalModality.Video] = new(Projector(numInputTokens: 24, numOutputTokens: 2)),
        };
        var rng = new Random(3);
        _wordVectors = Colors.Concat(Shapes).ToDictionary(w => w, _ => Enumerable.Range(0, 24).Select(_ => (float)rng.NextDouble()).ToArray());
    }

    public IReadOnlyList<string> Captions { get; }

    public ITextTokenizer Tokenizer { get; }

    public LlamaForCausalLM Llm { get; }

    public InputProjector InputProjector { get; }

    public Dictionary<SignalModality, OutputProjector> OutputProjectors { get; }

    /// <summary>The "decoder text encoder" embedding of a caption for a medium.</summary>
    public float[] Target(string caption, SignalModality modality)
    {
        var projector = OutputProjectors[modality].Config;
        return Features(caption, projector.NumOutputTokens * projector.OutDim);
    }

    /// <summary>The "encoder" embedding of the medium a caption describes.</summary>
    public float[] MediaEmbedding(string caption) => Features(caption, EncoderWidth);

    public void Dispose() => Llm.Dispose();

    private float[] Features(string caption, int length) =>
        Enumerable.Range(0, length)
            .Select(i => caption.Split(' ').Where(_wordVectors.ContainsKey).Sum(w => _wordVectors[w][i % 24]) + (i / 24 * 0.1f))
            .ToArray();

    private static OutputProjectorConfig Projector(int numInputTokens, int numOutputTokens) => new()
    {
        InDim = 32,
        OutDim = 8,
        NumInputTokens = numInputTokens,
        NumOutputTokens = numOutputTokens,
        DModel = 16,
        NHead = 2,
        NumEncoderLayers = 1,
        NumDecoderLayers = 1,
        DimFeedforward = 32,
    };
}
