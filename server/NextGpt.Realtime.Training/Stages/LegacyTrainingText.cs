using NextGpt.Realtime.Modeling.Prompting;
using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// The legacy NExT-GPT training sequences (architecture notes sections 2.1 and 6.1): no system prompt,
/// <c>### Human: ...\n### Assistant: </c> read, then <c>{answer}\n###</c> learned. Input media sit between
/// <c>&lt;Img&gt;</c> and <c>&lt;/Img&gt;</c> whatever their kind; output signal tokens follow the answer text with no space
/// before the first and one space between them.
/// </summary>
public static class LegacyTrainingText
{
    public const string HumanPrefix = LegacyPromptFormat.Human + " ";
    public const string AssistantPrefix = LegacyPromptFormat.Assistant + " ";
    public const string TurnEnd = "\n###";

    /// <summary>Stage 1's instruction (legacy <c>config/stage_1.yaml</c>).</summary>
    public const string CaptionInstruction = "generate a caption";

    /// <summary>The signal tokens of a medium as training text writes them: <c>[IMG0] [IMG1] [IMG2] [IMG3]</c>.</summary>
    public static string SignalText(SignalModality modality)
    {
        var (tag, count) = modality switch
        {
            SignalModality.Image => ("IMG", SignalTokens.ImageTokenCount),
            SignalModality.Video => ("VID", SignalTokens.VideoTokenCount),
            SignalModality.Audio => ("AUD", SignalTokens.AudioTokenCount),
            _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown signal modality."),
        };
        return string.Join(" ", Enumerable.Range(0, count).Select(i => $"[{tag}{i}]"));
    }

    /// <summary>Stage 1 (<c>prompt_wrap</c>): <c>### Human: &lt;Img&gt;{x}&lt;/Img&gt; generate a caption\n### Assistant: {caption}\n###</c>.</summary>
    public static TrainingSample MediaToCaption(string dataset, float[] mediaEmbedding, string caption) => new(dataset,
    [
        new PromptText(HumanPrefix + SignalTokens.ImageStartText),
        new InputMedia(mediaEmbedding),
        new PromptText($"{SignalTokens.ImageEndText} {CaptionInstruction}{AssistantPrefix}"),
        new AnswerText(caption + TurnEnd),
    ]);

    /// <summary>Stage 2: <c>### Human: {caption}\n### Assistant: {caption}[IMG0] [IMG1] [IMG2] [IMG3]\n###</c>.</summary>
    public static TrainingSample CaptionToSignals(string dataset, string caption, SignalModality modality, float[] target) => new(dataset,
    [
        new PromptText(HumanPrefix + caption + AssistantPrefix),
        new AnswerText(caption),
        new OutputSignals(modality, target),
        new AnswerText(TurnEnd),
    ]);
}
