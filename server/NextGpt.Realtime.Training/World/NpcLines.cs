namespace NextGpt.Realtime.Training.World;

/// <summary>
/// What an NPC says, in character: lines are coloured by the persona's first trait word (an interjection for the traits
/// that have one, and the trait word itself when asked about mood), its role and its passion. The NPC uses its own name when
/// asked, and describes media with the canonical caption so the description can be scored (world.md, "Dialogue").
/// </summary>
public static class NpcLines
{
    private static readonly Dictionary<string, string[]> Interjections = new(StringComparer.Ordinal)
    {
        ["gruff"] = ["hmph.", "aye."],
        ["grumpy"] = ["bah.", "what now?"],
        ["cheerful"] = ["oh, lovely!", "what a day!"],
        ["shy"] = ["oh... um.", "er, hello."],
        ["nervous"] = ["oh! you startled me.", "ah, um."],
        ["proud"] = ["of course.", "naturally."],
        ["boastful"] = ["ha! easy.", "nobody does it better."],
        ["playful"] = ["ooh, fun!", "hee hee."],
        ["stern"] = ["listen well.", "very well."],
        ["wise"] = ["patience, friend.", "hm, yes."],
        ["sly"] = ["heh.", "well, well."],
        ["loud"] = ["ha!", "hey there!"],
        ["polite"] = ["certainly.", "with pleasure."],
        ["lazy"] = ["*yawn*", "if i must."],
    };

    private static readonly string[] NeutralInterjections = ["well.", "ah.", "hm.", "right."];

    private static readonly string[] VillageFacts =
    [
        "the mill by the river turns day and night", "the old tower on the hill is older than anyone remembers",
        "the market opens at dawn", "the harvest festival is coming soon", "the bridge was mended last spring",
        "wolves have been heard past the woods", "the well in the square never runs dry",
    ];

    public static string Interjection(Persona persona, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(random);
        return random.Pick(Interjections.TryGetValue(persona.TraitWords[0], out var own) ? own : NeutralInterjections);
    }

    public static string Greeting(Persona persona, WorldRandom random) => random.Next(4) switch
    {
        0 => $"{Interjection(persona, random)} welcome to my {persona.Role.Workplace}, traveller.",
        1 => $"{Interjection(persona, random)} hello there.",
        2 => "well met, stranger. welcome to emberfall.",
        _ => $"{Interjection(persona, random)} good day to you.",
    };

    public static string Name(Persona persona, WorldRandom random) => random.Next(5) switch
    {
        0 => $"my name is {persona.Name}.",
        1 => $"i am {persona.Name}, the {persona.Role.Name}.",
        2 => $"they call me {persona.Name}.",
        3 => $"{Interjection(persona, random)} {persona.Name}. {persona.Name} the {persona.Role.Name}.",
        _ => $"{persona.Name}, at your service.",
    };

    public static string Role(Persona persona, WorldRandom random) => random.Next(3) switch
    {
        0 => $"i am the {persona.Role.Name} of emberfall. {persona.Passion.Spoken}.",
        1 => $"i'm the village {persona.Role.Name}. you'll find me at the {persona.Role.Workplace}.",
        _ => $"{Interjection(persona, random)} {persona.Role.Name}, of course. {persona.Passion.Spoken}.",
    };

    public static string Mood(Persona persona, WorldRandom random) => random.Next(4) switch
    {
        0 => $"i feel {persona.TraitWords[0]} today.",
        1 => $"{persona.TraitWords[0]}, as always.",
        2 => $"{Interjection(persona, random)} as {persona.TraitWords[0]} as ever, friend.",
        _ => $"people say i'm {string.Join(" and ", persona.TraitWords)}. today is no different.",
    };

    public static string Opinion(Persona persona, string topic, WorldRandom random) => random.Next(3) switch
    {
        0 => $"{topic}? {Interjection(persona, random)} i have my thoughts, but i'm {persona.TraitWords[0]}, so take them lightly.",
        1 => $"{topic}... i'd rather talk about what i know. {persona.Passion.Spoken}.",
        _ => $"{Interjection(persona, random)} {topic} is fine by me.",
    };

    public static string Village(Persona persona, WorldRandom random) =>
        $"emberfall is a small village by the river. {random.Pick(VillageFacts)}. {Interjection(persona, random)}";

    public static string Goodbye(Persona persona, WorldRandom random) => random.Next(3) switch
    {
        0 => "farewell, traveller.",
        1 => $"{Interjection(persona, random)} safe roads.",
        _ => $"come back to the {persona.Role.Workplace} soon.",
    };

    /// <summary>The short line before the signal tokens of a requested medium.</summary>
    public static string MediaLine(Persona persona, MediaKind kind, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var specific = kind switch
        {
            MediaKind.Image => random.Pick(["here is your picture.", "let me draw it.", "one picture, coming up."]),
            MediaKind.Audio => random.Pick(["listen to this.", "here is your sound.", "hear this."]),
            MediaKind.Video => random.Pick(["watch closely.", "here is your clip.", "see it move."]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return random.NextBool() ? specific : $"{Interjection(persona, random)} {specific}";
    }

    /// <summary>A description of a medium the player sent, naming its attributes with the canonical caption.</summary>
    public static string Describe(Persona persona, WorldMedia media, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(random);
        var caption = media.Caption;
        return media.Kind switch
        {
            MediaKind.Image => random.Next(3) switch
            {
                0 => $"i see {caption}.",
                1 => $"{Interjection(persona, random)} that is {caption}.",
                _ => $"let me look... {caption}.",
            },
            MediaKind.Audio => random.Next(3) switch
            {
                0 => $"that is {caption}.",
                1 => $"{Interjection(persona, random)} i hear {caption}.",
                _ => $"sounds like {caption} to me.",
            },
            _ => random.Next(3) switch
            {
                0 => $"i see {caption}.",
                1 => $"{Interjection(persona, random)} it shows {caption}.",
                _ => $"in this clip: {caption}.",
            },
        };
    }
}
