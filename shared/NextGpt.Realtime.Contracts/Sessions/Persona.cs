using MessagePack;

namespace NextGpt.Realtime.Contracts.Sessions;

/// <summary>The NPC a session speaks as (world.md "Dialogue": a name, a role, two or three traits).</summary>
[MessagePackObject]
public sealed class Persona
{
    /// <summary>The NPC's name, for example "Brom".</summary>
    [Key(0)] public string Name { get; set; } = "";

    /// <summary>The NPC's role, for example "blacksmith".</summary>
    [Key(1)] public string Role { get; set; } = "";

    /// <summary>Two or three traits, for example "gruff", "proud of his forge".</summary>
    [Key(2)] public string[] Traits { get; set; } = [];

    /// <summary>Optional free-form speaking style ("short sentences, old-fashioned words").</summary>
    [Key(3)] public string? SpeakingStyle { get; set; }
}
