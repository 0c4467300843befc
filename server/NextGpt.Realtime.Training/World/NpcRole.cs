namespace NextGpt.Realtime.Training.World;

/// <summary>
/// A role in Emberfall (world.md: blacksmith, innkeeper, guard, sage, merchant, bard, farmer, healer, hunter, child) with the
/// passions an NPC of that role may have, each as the persona states it ("proud of the forge") and as the NPC says it
/// ("i am proud of my forge").
/// </summary>
public sealed record NpcRole(string Name, string Workplace, IReadOnlyList<(string Persona, string Spoken)> Passions)
{
    public static IReadOnlyList<NpcRole> All { get; } =
    [
        new("blacksmith", "forge", [("proud of the forge", "i am proud of my forge"), ("loves a well-made blade", "i love a well-made blade"), ("hates rust", "i hate rust")]),
        new("innkeeper", "inn", [("loves gossip", "i love a bit of gossip"), ("proud of the stew", "my stew is the best in the valley"), ("knows every traveller", "i know every traveller who passes")]),
        new("guard", "gate", [("watches the gate", "i watch the gate day and night"), ("distrusts strangers", "i do not trust strangers"), ("proud of the watch", "i am proud of the watch")]),
        new("sage", "tower", [("loves old books", "i love old books"), ("studies the stars", "i study the stars"), ("speaks in riddles", "i speak in riddles, they say")]),
        new("merchant", "stall", [("loves a bargain", "i love a good bargain"), ("counts every coin", "i count every coin"), ("sells rare trinkets", "i sell rare trinkets")]),
        new("bard", "tavern corner", [("loves a good song", "i love a good song"), ("knows every ballad", "i know every ballad"), ("plays the lute", "i play the lute")]),
        new("farmer", "fields", [("proud of the harvest", "i am proud of my harvest"), ("worries about the rain", "i worry about the rain"), ("loves the fields", "i love my fields")]),
        new("healer", "herb hut", [("knows every herb", "i know every herb"), ("tends the sick", "i tend the sick"), ("brews gentle remedies", "i brew gentle remedies")]),
        new("hunter", "woods", [("knows the forest paths", "i know the forest paths"), ("tracks wolves", "i track wolves"), ("loves the quiet woods", "i love the quiet woods")]),
        new("child", "village square", [("loves games", "i love games"), ("chases the chickens", "i chase the chickens"), ("wants to be a hero", "i want to be a hero")]),
    ];
}
