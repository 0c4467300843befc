using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Training.World;

/// <summary>An NPC's persona, given at session start (world.md, "Dialogue").</summary>
public sealed record Persona(
    string Name,
    [property: JsonIgnore] NpcRole Role,
    IReadOnlyList<string> TraitWords,
    [property: JsonIgnore] (string Persona, string Spoken) Passion)
{
    public string RoleName => Role.Name;

    /// <summary>The persona line the session starts with, in world.md's form: "Brom, the blacksmith; gruff, proud of the
    /// forge".</summary>
    public string Description => $"{Name}, the {Role.Name}; {string.Join(", ", TraitWords)}, {Passion.Persona}";
}
