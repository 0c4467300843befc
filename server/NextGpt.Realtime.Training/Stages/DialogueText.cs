using NextGpt.Realtime.Modeling.Prompting;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// Emberfall dialogues written exactly as a served turn's prompt reads them (<c>Modeling/Turns/TurnPrompt</c>): the persona
/// line, earlier exchanges as <c>### Human: {u}\n### Assistant: {a}\n</c>, then the current <c>### Human: {u}\n### Assistant:</c>
/// and the NPC's answer, which ends with <c>\n###</c> (the stop string). Training the small LLM on this text and tuning it on
/// these prompts keeps training and serving on one format.
/// </summary>
public static class DialogueText
{
    public const string AnswerEnd = "\n###";

    /// <summary>An exchange as the history of a later turn shows it.</summary>
    public static string HistoryLine(string user, string assistant) =>
        $"{LegacyPromptFormat.Human} {user}{LegacyPromptFormat.Assistant} {assistant}\n";

    /// <summary>The whole dialogue as language-model text, signal tokens included where the NPC produces media.</summary>
    public static string Corpus(Dialogue dialogue)
    {
        ArgumentNullException.ThrowIfNull(dialogue);
        var text = new System.Text.StringBuilder(dialogue.Persona.Description).Append('\n');
        foreach (var (player, npc) in Exchanges(dialogue))
        {
            text.Append(HistoryLine(player.Text, npc.TargetText));
        }

        return text.Append("###").ToString();
    }

    /// <summary>The player/NPC pairs of a dialogue, in order.</summary>
    public static IReadOnlyList<(DialogueTurn Player, DialogueTurn Npc)> Exchanges(Dialogue dialogue)
    {
        ArgumentNullException.ThrowIfNull(dialogue);
        var pairs = new List<(DialogueTurn, DialogueTurn)>();
        for (var i = 0; i + 1 < dialogue.Turns.Count; i += 2)
        {
            if (!dialogue.Turns[i].IsPlayer || dialogue.Turns[i + 1].IsPlayer)
            {
                throw new InvalidDataException($"Dialogue {dialogue.Seed} does not alternate player and NPC turns at turn {i}.");
            }

            pairs.Add((dialogue.Turns[i], dialogue.Turns[i + 1]));
        }

        return pairs;
    }
}
