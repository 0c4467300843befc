using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class LetterNamesTests
{
    [Fact]
    public void Names_are_capitalised_letter_runs_repeatable_from_the_seed_and_never_an_excluded_word()
    {
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var first = Draw(new WorldRandom(7), 2000, excluded);
        excluded.UnionWith(first.Take(1000));

        var again = Draw(new WorldRandom(7), 2000, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        var avoiding = Draw(new WorldRandom(7), 2000, excluded);

        Assert.Equal(first, again);
        Assert.All(first, name => Assert.Matches("^[A-Z][a-z]{3,7}$", name));
        Assert.True(first.Distinct().Count() > 1990, "names should almost never repeat");
        Assert.DoesNotContain(avoiding, excluded.Contains);
    }

    [Fact]
    public void Most_training_personas_get_a_fresh_name_and_none_is_a_held_out_name_or_world_word()
    {
        var names = Enumerable.Range(0, 1000).Select(seed => DialogueGenerator.Generate(WorldSplit.Train, seed).Persona.Name).ToList();
        var listed = PersonaPool.Names(WorldSplit.Train).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var fresh = names.Count(name => !listed.Contains(name));
        Assert.InRange(fresh, 620, 780);
        Assert.Empty(names.Intersect(PersonaPool.Names(WorldSplit.HeldOut), StringComparer.OrdinalIgnoreCase));
        Assert.Empty(names.Intersect(PersonaPool.Names(WorldSplit.Validation), StringComparer.OrdinalIgnoreCase));
        Assert.Empty(names.Intersect(WorldWords.All, StringComparer.OrdinalIgnoreCase));
        Assert.All(Enumerable.Range(0, 200), seed => Assert.Contains(DialogueGenerator.Generate(WorldSplit.HeldOut, seed).Persona.Name,
            PersonaPool.Names(WorldSplit.HeldOut)));
    }

    private static List<string> Draw(WorldRandom random, int count, IReadOnlySet<string> excluded) =>
        Enumerable.Range(0, count).Select(_ => LetterNames.Draw(random, excluded)).ToList();
}
