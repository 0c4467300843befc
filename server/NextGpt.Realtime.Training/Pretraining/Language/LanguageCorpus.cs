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

    /// <summary>
    /// Name drills: training personas asked their name two to four times in a row, and nothing else. A 4-layer LLM trained
    /// on the dialogues alone did not learn to copy: measured on held-out names, the reply's "Cassia" cost 15 nats at "ass"
    /// even when the same name had been said one exchange before, because a dialogue asks for the name about once and
    /// induction needs many copies to form. These drills are world text (the persona line and the NPC's own name lines),
    /// only denser in copies.
    /// </summary>
    public static IReadOnlyList<string> NameDrills(int count)
    {
        return Enumerable.Range(0, count).Select(seed =>
        {
            var random = WorldRandom.For(WorldSplit.Train, "name-drill", seed);
            var persona = PersonaPool.Draw(random, WorldSplit.Train);
            var turns = Enumerable.Range(0, random.NextInclusive(2, 4))
                .SelectMany(_ => DialogueGenerator.Exchange(PlayerIntent.AskName, persona, random))
                .ToList();
            return DialogueText.Corpus(new Dialogue(WorldSplit.Train, seed, persona, turns));
        }).ToList();
    }

    public static IReadOnlyList<string> Captions(int countPerModality)
    {
        var world = new EmberfallWorld(WorldSplit.Train);
        var media = Enumerable.Range(0, countPerModality)
            .SelectMany(seed => new[] { world.Image(seed), world.Sound(seed), world.Clip(seed) });
        return media.SelectMany(m => new[] { m.Caption, m.Request }.Concat(m.Paraphrases)).ToList();
    }
}
