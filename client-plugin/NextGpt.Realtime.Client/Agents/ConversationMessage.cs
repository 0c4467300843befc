using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Client.Agents;

public enum Speaker
{
    Player,
    Npc,
}

/// <summary>One line of an NPC conversation as the client keeps it.</summary>
public sealed class ConversationMessage
{
    public ConversationMessage(Speaker speaker, string name, string text, string turnId, Modality[] media, bool truncated)
    {
        Speaker = speaker;
        Name = name;
        Text = text;
        TurnId = turnId;
        Media = media;
        Truncated = truncated;
    }

    public Speaker Speaker { get; }

    /// <summary>The player id or the NPC's name.</summary>
    public string Name { get; }

    public string Text { get; }

    public string TurnId { get; }

    /// <summary>Inputs the player attached, or media the NPC produced.</summary>
    public Modality[] Media { get; }

    /// <summary>True when a barge-in cut the NPC's reply to what the player heard.</summary>
    public bool Truncated { get; }

    public override string ToString() => $"{Name}: {Text}";
}
