namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>
/// The prompt of NExT-GPT's released model for one user turn (legacy <c>demo_app.py</c> + <c>prepare_generation_embedding</c>,
/// architecture notes section 2.1): <c>### Human: </c>, the media, the question, <c>\n### Assistant:</c>, no system prompt.
/// The demo writes media as <c>&lt;Image&gt;path&lt;/Image&gt;</c> tags in the text and splits it with <c>re.split(' &lt;|&gt; ')</c>;
/// the split removes the space before the first tag and the one after each closing tag, which is why the segments below
/// read <c>"### Human:"</c> and <c>" " + question</c>. Each text segment later gets its own BOS (<see cref="PromptAssembler"/>).
/// Deliberate fix: the legacy split consumes the space between two adjacent tags, so its second tag is tokenized as
/// plain text; here every media segment is wrapped as the first one is.
/// </summary>
public static class LegacyPromptFormat
{
    public const string Human = "### Human:";
    public const string Assistant = "\n### Assistant:";

    /// <param name="question">The user's text (may be empty when only media is sent).</param>
    /// <param name="media">Projected media in prompt order, one segment per tag (several items of a tag summed inside).</param>
    public static IReadOnlyList<PromptSegment> UserTurn(string question, IReadOnlyList<PromptMedia> media)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (media.Count == 0)
        {
            return [new PromptText($"{Human} {question}{Assistant}")];
        }

        // "### Human: <Image>p</Image>  question\n### Assistant:" -> "### Human:", media, " question\n### Assistant:".
        return [new PromptText(Human), .. media, new PromptText($" {question}{Assistant}")];
    }
}
