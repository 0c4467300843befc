namespace NextGpt.Realtime.Training.World;

/// <summary>
/// One turn of a dialogue. A player turn may carry an <see cref="Attachment"/> (a picture, sound or clip the player sends);
/// an NPC turn may produce a medium (<see cref="Output"/>), in which case its training target is its line followed by the
/// modality's signal tokens (<see cref="TargetText"/>), and <see cref="Output"/>'s caption is what the output projector's
/// conditioning is aligned to.
/// </summary>
public sealed record DialogueTurn(bool IsPlayer, string Text, PlayerIntent Intent, WorldMedia? Attachment, WorldMedia? Output)
{
    /// <summary>The NPC's text followed by the signal tokens of its output (no space before the first, as NExT-GPT's
    /// stage-2/3 targets); the player's text otherwise.</summary>
    public string TargetText => Output is null ? Text : Text + SignalTokens.Span(Output.Kind);
}
