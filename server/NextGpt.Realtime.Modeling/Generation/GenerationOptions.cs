using NextGpt.Realtime.Modeling.Sampling;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>When a reply ends and how its tokens are drawn.</summary>
/// <param name="MaxNewTokens">Most tokens to generate (0 generates none).</param>
/// <param name="StopTokenIds">Tokens that end the reply (NExT-GPT's legacy prompt stops on "###", id 835, and on EOS 2);
/// the stop token itself is reported, its text is not shown, then generation ends.</param>
/// <param name="Sampling">The sampler's settings.</param>
/// <param name="StopStrings">Texts that end the reply (for example "###" when the tokenizer spells it in several
/// tokens); the text before the first one is shown, the token that completes it is the last. Needs a token decoder.</param>
/// <param name="ForcedRuns">Token runs that, once their first id is sampled, are completed without sampling: NExT-GPT's
/// signal tokens must appear as whole runs ([IMG0] [IMG1] [IMG2] [IMG3]) for the output projector (the legacy code asserts
/// it; architecture notes section 5.3).</param>
/// <param name="RequiredRuns">Runs the reply must contain: if the model is about to stop (a stop id or the token limit)
/// before a required run has started, the run is emitted instead. This is how a caller guarantees a medium was produced
/// (a game asking for a skybox).</param>
public sealed record GenerationOptions(
    int MaxNewTokens,
    IReadOnlySet<long> StopTokenIds,
    SamplingOptions Sampling,
    IReadOnlyList<string>? StopStrings = null,
    IReadOnlyList<long[]>? ForcedRuns = null,
    IReadOnlyList<long[]>? RequiredRuns = null)
{
    /// <summary>NExT-GPT's legacy stop ids: "###" (835) and the end-of-sequence token (2).</summary>
    public static IReadOnlySet<long> NextGptStopIds { get; } = new HashSet<long> { 835, 2 };

    /// <summary>NExT-GPT's legacy stop text: every reply ends with "\n###" (architecture notes section 2.1).</summary>
    public static IReadOnlyList<string> NextGptStopStrings { get; } = ["###"];

    /// <summary>Throws with the offending setting.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 0)
        {
            throw new ArgumentException($"MaxNewTokens must be 0 or more; got {MaxNewTokens}.");
        }

        if (StopStrings is not null && StopStrings.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Stop strings must not be empty.");
        }

        if ((ForcedRuns ?? []).Concat(RequiredRuns ?? []).Any(run => run.Length == 0))
        {
            throw new ArgumentException("Forced and required token runs must not be empty.");
        }

        Sampling.Validate();
    }
}
