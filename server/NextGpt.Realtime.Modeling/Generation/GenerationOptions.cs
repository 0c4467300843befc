using NextGpt.Realtime.Modeling.Sampling;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>When a reply ends and how its tokens are drawn.</summary>
/// <param name="MaxNewTokens">Most tokens to generate.</param>
/// <param name="StopTokenIds">Tokens that end the reply (NExT-GPT's legacy prompt stops on "###", id 835, and on EOS 2);
/// the stop token itself is reported, then generation ends.</param>
/// <param name="Sampling">The sampler's settings.</param>
public sealed record GenerationOptions(int MaxNewTokens, IReadOnlySet<long> StopTokenIds, SamplingOptions Sampling)
{
    /// <summary>NExT-GPT's legacy stop ids: "###" (835) and the end-of-sequence token (2).</summary>
    public static IReadOnlySet<long> NextGptStopIds { get; } = new HashSet<long> { 835, 2 };
}

/// <summary>One generated token with the final-norm hidden state of its position (the signal-token states are taken
/// from these; architecture notes section 5.3).</summary>
/// <param name="Id">The token id.</param>
/// <param name="Step">0-based index among the generated tokens.</param>
/// <param name="HiddenState">(D) final-norm hidden state of the position that produced this token's logits.</param>
/// <param name="IsStop">True when this token ended the reply.</param>
public sealed record GeneratedToken(long Id, int Step, float[] HiddenState, bool IsStop);
