using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Losses;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// A <see cref="TrainingSample"/> as the LLM sees it: ids and labels position for position (BOS first; each input medium
/// one placeholder position whose embedding the input projector supplies), and where each output signal run sits.
/// </summary>
public sealed record TokenizedSample(
    string Dataset,
    long[] InputIds,
    long[] Labels,
    IReadOnlyList<(int Position, float[] Embedding)> Media,
    IReadOnlyList<(SignalModality Modality, long[] Positions, float[] Target)> Signals)
{
    /// <summary>
    /// Tokenizes a sample: one BOS, consecutive prompt pieces encoded as one string (labels -100), consecutive answer and
    /// signal pieces encoded as one string (learned), each input medium a placeholder position holding the padding id.
    /// </summary>
    public static TokenizedSample From(TrainingSample sample, ITextTokenizer tokenizer)
    {
        var ids = new List<long> { tokenizer.SpecialIds.Bos };
        var labels = new List<long> { CausalLanguageModelLoss.IgnoreIndex };
        var media = new List<(int, float[])>();
        var signals = new List<(SignalModality, long[], float[])>();
        var segments = sample.Segments;
        for (var i = 0; i < segments.Count;)
        {
            switch (segments[i])
            {
                case InputMedia input:
                    media.Add((ids.Count, input.Embedding));
                    ids.Add(tokenizer.SpecialIds.Pad);
                    labels.Add(CausalLanguageModelLoss.IgnoreIndex);
                    i++;
                    break;
                case PromptText:
                    var prompt = string.Concat(TakeWhile<PromptText>(segments, ref i).Select(p => p.Text));
                    var promptIds = tokenizer.Encode(prompt, addBos: false);
                    ids.AddRange(promptIds.Select(id => (long)id));
                    labels.AddRange(Enumerable.Repeat(CausalLanguageModelLoss.IgnoreIndex, promptIds.Count));
                    break;
                default:
                    AppendAnswer(TakeWhile<TrainingSegment>(segments, ref i, s => s is AnswerText or OutputSignals), tokenizer, ids, labels, signals);
                    break;
            }
        }

        return new TokenizedSample(sample.Dataset, [.. ids], [.. labels], media, signals);
    }

    private static void AppendAnswer(IReadOnlyList<TrainingSegment> run, ITextTokenizer tokenizer, List<long> ids, List<long> labels,
        List<(SignalModality, long[], float[])> signals)
    {
        var text = string.Concat(run.Select(s => s switch
        {
            AnswerText answer => answer.Text,
            OutputSignals output => LegacyTrainingText.SignalText(output.Modality),
            _ => throw new InvalidOperationException($"Unexpected segment {s.GetType().Name} in an answer."),
        }));
        var start = ids.Count;
        var answerIds = tokenizer.Encode(text, addBos: false).Select(id => (long)id).ToArray();
        ids.AddRange(answerIds);
        labels.AddRange(answerIds);

        // Each signal run is found in order after the previous one; every signal token must be a single id.
        var searchFrom = 0;
        foreach (var output in run.OfType<OutputSignals>())
        {
            var positions = new List<long>();
            foreach (var signalId in tokenizer.Signals.For(output.Modality))
            {
                var found = Array.IndexOf(answerIds, (long)signalId, searchFrom);
                if (found < 0)
                {
                    throw new InvalidOperationException(
                        $"The tokenizer did not keep the {output.Modality} signal tokens whole in \"{text}\"; training needs each as one id.");
                }

                positions.Add(start + found);
                searchFrom = found + 1;
            }

            signals.Add((output.Modality, [.. positions], output.Target));
        }
    }

    private static List<T> TakeWhile<T>(IReadOnlyList<TrainingSegment> segments, ref int index, Func<TrainingSegment, bool>? belongs = null)
        where T : TrainingSegment
    {
        var run = new List<T>();
        while (index < segments.Count && segments[index] is T segment && (belongs?.Invoke(segment) ?? true))
        {
            run.Add(segment);
            index++;
        }

        return run;
    }
}
