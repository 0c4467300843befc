using NextGpt.Realtime.Training.Stages;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Pretraining.Language;

/// <summary>
/// The text the small LLM and its tokenizer learn from (issue 6, "the small LLM: language modelling on the dialogue
/// corpus"): training-split Emberfall dialogues in the served prompt format (<see cref="DialogueText"/>), plus every
/// canonical caption and paraphrase of training media so the vocabulary of descriptions is known before stage 1.
/// </summary>
public static class LanguageCorpus
{
    public static IReadOnlyList<string> Dialogues(int count, int firstSeed = 0)
    {
        var world = new EmberfallWorld(WorldSplit.Train);
        return Enumerable.Range(firstSeed, count).Select(seed => DialogueText.Corpus(world.Dialogue(seed))).ToList();
    }

    public static IReadOnlyList<string> Captions(int countPerModality)
    {
        var world = new EmberfallWorld(WorldSplit.Train);
        var media = Enumerable.Range(0, countPerModality)
            .SelectMany(seed => new[] { world.Image(seed), world.Sound(seed), world.Clip(seed) });
        return media.SelectMany(m => new[] { m.Caption, m.Request }.Concat(m.Paraphrases)).ToList();
    }
}
