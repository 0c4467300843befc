using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>What a finished turn produced, for the history and the turn-completed event.</summary>
/// <param name="ReplyText">The reply as the player saw it (signal tokens left out).</param>
/// <param name="Media">The media produced, in order.</param>
public sealed record TurnResult(
    string ReplyText,
    int PromptTokens,
    int GeneratedTokens,
    IReadOnlyList<SignalModality> Media,
    TimeSpan TimeToFirstToken,
    TimeSpan LanguageModelTime,
    TimeSpan DecoderTime);
