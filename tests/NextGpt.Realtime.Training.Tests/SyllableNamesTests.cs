using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class SyllableNamesTests
{
    [Fact]
    public void Names_are_distinct_repeatable_and_avoid_the_excluded_words()
    {
        var excluded = new[] { "Bara", "sand" };
        var names = SyllableNames.Generate(500, excluded);

        Assert.Equal(500, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(names, SyllableNames.Generate(500, excluded));
        Assert.DoesNotContain(names, name => excluded.Contains(name, StringComparer.OrdinalIgnoreCase));
        Assert.All(names, name => Assert.Matches("^[A-Z][a-z]+$", name));
    }

    [Fact]
    public void Training_names_are_many_and_keep_out_of_the_held_out_split_and_the_world_vocabulary()
    {
        var train = PersonaPool.Names(WorldSplit.Train);
        Assert.True(train.Count > PersonaPool.GeneratedTrainNames);
        Assert.Empty(train.Intersect(PersonaPool.Names(WorldSplit.HeldOut), StringComparer.OrdinalIgnoreCase));
        Assert.Empty(train.Intersect(WorldWords.All, StringComparer.OrdinalIgnoreCase));

        // Dialogues draw from all of them, so no name is common enough to memorise instead of reading the persona.
        var used = Enumerable.Range(0, 300).Select(seed => DialogueGenerator.Generate(WorldSplit.Train, seed).Persona.Name).Distinct().Count();
        Assert.True(used > 200, $"{used} distinct names in 300 training dialogues");
    }

    [Fact]
    public void Too_many_names_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyllableNames.Generate(100_000, []));
    }
}
