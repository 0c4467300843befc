namespace NextGpt.Realtime.Training.World;

/// <summary>
/// The NPC names and trait words of each split. Validation and held-out names and traits never appear in training
/// (world.md: "evaluation uses names and trait words held out of training"), so the persona score measures whether the
/// model reads the persona it is given rather than recalling one it memorised.
/// </summary>
public static class PersonaPool
{
    private static readonly string[] ChosenTrainNames =
    [
        "Brom", "Mira", "Alden", "Bessa", "Corin", "Dara", "Edric", "Fenna", "Garrick", "Hilda", "Ivo", "Jessa", "Kael",
        "Lina", "Marek", "Nessa", "Orin", "Pella", "Quill", "Rhea", "Soren", "Tilda", "Ulric", "Vera", "Wendel", "Yara",
        "Zane", "Ansel", "Brenna", "Cade", "Delia", "Emrys", "Freya", "Gideon", "Hale", "Isolde", "Jorah", "Kira", "Lorcan",
        "Maud", "Niall", "Odessa", "Pim", "Rowan", "Saska", "Tamsin", "Ulla", "Varek", "Wynn", "Ysolde", "Bram", "Cora",
        "Dunstan", "Elsa", "Fergus", "Greta", "Hamish", "Ida", "Jory", "Kestra", "Leif", "Milo", "Nora", "Osric",
    ];

    private static readonly string[] ValidationNames =
    [
        "Petra", "Rurik", "Selma", "Tobin", "Una", "Vidar", "Willa", "Xander", "Yorick", "Zelda", "Agna", "Bertil",
    ];

    private static readonly string[] HeldOutNames =
    [
        "Cassia", "Dorian", "Elowen", "Finnick", "Gwyneth", "Hollis", "Inga", "Jasper", "Keld", "Lyra", "Magnus", "Nyla",
        "Oskar", "Perrin", "Runa", "Sigrid",
    ];

    private static readonly string[] TrainTraits =
    [
        "gruff", "cheerful", "proud", "shy", "grumpy", "kind", "curious", "nervous", "wise", "lazy", "brave", "sly",
        "gentle", "stern", "playful", "honest", "boastful", "calm", "moody", "polite", "greedy", "dreamy", "loud", "patient",
    ];

    private static readonly string[] ValidationTraits = ["clumsy", "witty", "anxious", "bold"];

    private static readonly string[] HeldOutTraits =
    [
        "sullen", "jolly", "timid", "haughty", "earnest", "weary", "mischievous", "solemn",
    ];

    // No training name may be a validation or held-out name, a trait, a role or a word the NPCs say.
    private static readonly HashSet<string> NotTrainNames = new(
        [
            .. ChosenTrainNames, .. ValidationNames, .. HeldOutNames, .. TrainTraits, .. ValidationTraits, .. HeldOutTraits,
            .. NpcRole.All.SelectMany(role => new[] { role.Name, role.Workplace }), .. WorldWords.All,
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The chosen training names plus <see cref="GeneratedTrainNames"/> made-up ones.</summary>
    private static readonly string[] TrainNames =
    [
        .. ChosenTrainNames,
        .. SyllableNames.Generate(GeneratedTrainNames, NotTrainNames),
    ];

    /// <summary>How often a training persona gets a fresh <see cref="LetterNames"/> name rather than one of the listed
    /// training names.</summary>
    public const double FreshTrainNameChance = 0.7;

    /// <summary>How many made-up names join the chosen ones in training.</summary>
    public const int GeneratedTrainNames = 2000;

    public static IReadOnlyList<string> Names(WorldSplit split) => split switch
    {
        WorldSplit.Train => TrainNames,
        WorldSplit.Validation => ValidationNames,
        WorldSplit.HeldOut => HeldOutNames,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, null),
    };

    public static IReadOnlyList<string> Traits(WorldSplit split) => split switch
    {
        WorldSplit.Train => TrainTraits,
        WorldSplit.Validation => ValidationTraits,
        WorldSplit.HeldOut => HeldOutTraits,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, null),
    };

    /// <summary>Every listed NPC name of every split (the fresh <see cref="LetterNames"/> of training personas are not listed:
    /// they are never asked for): the persona score checks that no other persona's name is used.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [.. TrainNames, .. ValidationNames, .. HeldOutNames];

    /// <summary>A persona of the split: a name, a role, one or two trait words and one of the role's passions (two or three
    /// traits in all, as world.md's examples).</summary>
    public static Persona Draw(WorldRandom random, WorldSplit split)
    {
        ArgumentNullException.ThrowIfNull(random);
        var traits = Traits(split);
        var first = random.Pick(traits);
        var words = new List<string> { first };
        if (random.NextBool())
        {
            var second = random.Pick(traits);
            if (second != first)
            {
                words.Add(second);
            }
        }

        var role = random.Pick(NpcRole.All);
        var name = split == WorldSplit.Train && random.NextBool(FreshTrainNameChance)
            ? LetterNames.Draw(random, NotTrainNames)
            : random.Pick(Names(split));
        return new Persona(name, role, words, random.Pick(role.Passions));
    }
}
