namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>Why a reply ended.</summary>
public enum FinishReason
{
    /// <summary>A stop token id or a stop string.</summary>
    Stop,

    /// <summary>The token limit.</summary>
    Length,

    /// <summary>The caller cancelled or removed the sequence.</summary>
    Cancelled,
}

/// <summary>One generated token with the final-norm hidden state of its position (the signal-token states are taken
/// from these; architecture notes section 5.3).</summary>
/// <param name="Id">The token id.</param>
/// <param name="Step">0-based index among the generated tokens.</param>
/// <param name="HiddenState">(D) final-norm hidden state at the position where this token is the input, as NExT-GPT reads
/// the signal tokens' states (architecture notes section 5.3, port rule).</param>
/// <param name="Text">The text this token makes visible: complete characters only, held back while it could be part of
/// a stop string, empty for a stop token and without a decoder.</param>
/// <param name="Finish">Set on the reply's last token.</param>
public sealed record GeneratedToken(long Id, int Step, float[] HiddenState, string Text = "", FinishReason? Finish = null)
{
    /// <summary>True when this token ended the reply by a stop id or stop string.</summary>
    public bool IsStop => Finish == FinishReason.Stop;
}
