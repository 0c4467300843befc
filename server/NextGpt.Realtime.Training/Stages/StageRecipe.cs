using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// What one of NExT-GPT's three stages trains (architecture notes section 6.1 and, for the embeddings, section 3: the
/// legacy code trains the whole <c>embed_tokens</c> and <c>lm_head</c> in every stage) and how the l2 alignment loss is
/// weighted per medium (video weighs 2 in stage 3).
/// </summary>
public sealed record StageRecipe(
    string Name,
    bool TrainsInputProjector,
    bool TrainsOutputProjectors,
    bool TrainsLora,
    bool TrainsEmbeddings,
    IReadOnlyDictionary<SignalModality, double> AlignmentWeights)
{
    /// <summary>Stage 1, encoding-side LLM-centric alignment: media to caption, the input projector learns.</summary>
    public static StageRecipe EncoderAlignment { get; } = new("1", true, false, false, true, new Dictionary<SignalModality, double>());

    /// <summary>Stage 2, decoding-side instruction-following alignment: caption to signal tokens, the output projectors learn.</summary>
    public static StageRecipe DecoderAlignment { get; } = new("2", false, true, false, true, new Dictionary<SignalModality, double>());

    /// <summary>Stage 3, modality-switching instruction tuning: LoRA and both projectors; video's l2 weighs 2.</summary>
    public static StageRecipe InstructionTuning { get; } = new("3", true, true, true, true,
        new Dictionary<SignalModality, double> { [SignalModality.Video] = 2.0 });

    public double AlignmentWeight(SignalModality modality) => AlignmentWeights.GetValueOrDefault(modality, 1.0);
}
