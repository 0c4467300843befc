using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>The next piece of the NPC's reply text: always whole UTF-8 characters, never signal tokens.</summary>
[MessagePackObject]
public sealed class TextDelta : TurnEvent
{
    [Key(3)] public string Text { get; set; } = "";
}
