namespace NextGpt.Realtime.Training.World;

/// <summary>
/// Made-up NPC names built from syllables, for the training split only (world.md: "training uses ... many names"). With the
/// 64 hand-picked names alone the small LLM memorised them and answered a held-out persona's name question with a training
/// name (nextgpt-tiny's first benchmark: persona 0 of 27, always "Fergus"); with thousands of names, each seen a few times,
/// the only way to answer is to copy the name from the persona line, which is what the held-out score measures. Most
/// training personas now get a fresh <see cref="LetterNames"/> name instead; these stay for the rest.
/// </summary>
public static class SyllableNames
{
    private static readonly string[] Openings =
    [
        "B", "D", "G", "K", "M", "N", "R", "S", "T", "V", "Z", "F", "H", "L", "W", "Th", "Br", "Dr", "Gr", "Tr", "Kr",
        "Al", "El", "Or", "Ul", "Ar", "Is",
    ];

    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ae", "ai", "ei", "ou"];

    private static readonly string[] Endings =
    [
        "ric", "wen", "dor", "mir", "las", "nor", "bek", "vin", "tha", "rin", "gar", "lis", "mund", "wyn", "ra", "del", "tor",
        "ven", "sha", "lo", "nik", "rud", "sel", "ta", "ndra", "rik", "mos", "vald", "dis", "na",
    ];

    /// <summary>
    /// <paramref name="count"/> distinct names, the same ones on every machine (a fixed seed), none equal (ignoring case) to
    /// an <paramref name="excluded"/> name or word, so held-out names and the world's words stay out of training.
    /// </summary>
    public static IReadOnlyList<string> Generate(int count, IEnumerable<string> excluded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var capacity = Openings.Length * Vowels.Length * Endings.Length;
        if (count > capacity / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"At most {capacity / 2} syllable names can be drawn.");
        }

        var taken = new HashSet<string>(excluded, StringComparer.OrdinalIgnoreCase);
        var random = new WorldRandom(0x5EED_4A3E);
        var names = new List<string>(count);
        while (names.Count < count)
        {
            var name = random.Pick(Openings) + random.Pick(Vowels) + random.Pick(Endings);
            if (taken.Add(name))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
