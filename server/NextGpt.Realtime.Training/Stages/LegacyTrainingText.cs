using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Losses;
using NextGpt.Realtime.Training.Objectives;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// The legacy NExT-GPT training sequences (architecture notes section 6.1): <c>[BOS]### Human: {prompt}\n### Assistant: </c>
/// with labels -100, then <c>{answer}\n###</c> learned. Stage 2's answer is the caption again followed by the medium's
/// signal tokens, with no space before the first one and one space between them.
/// </summary>
public static class LegacyTrainingText
{
    public const string HumanPrefix = "### Human: ";
    public const string AssistantPrefix = "\n### Assistant: ";
    public const string TurnEnd = "\n###";

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

    /// <summary>One human/assistant exchange, with only the assistant's answer learned.</summary>
    public static TokenizedExample Exchange(ITextTokenizer tokenizer, string prompt, string answer)
    {
        var promptIds = tokenizer.Encode(HumanPrefix + prompt + AssistantPrefix, addBos: true);
        var answerIds = tokenizer.Encode(answer + TurnEnd, addBos: false);
        var ids = promptIds.Concat(answerIds).Select(id => (long)id).ToArray();
        var labels = Enumerable.Repeat(CausalLanguageModelLoss.IgnoreIndex, promptIds.Count)
            .Concat(answerIds.Select(id => (long)id))
            .ToArray();
        return new TokenizedExample(ids, labels);
    }

    /// <summary>Stage 2: the caption asked for, and answered with the caption plus the medium's signal tokens.</summary>
    public static TokenizedExample CaptionToSignals(ITextTokenizer tokenizer, string caption, SignalModality modality) =>
        Exchange(tokenizer, caption, caption + SignalText(modality));
}
