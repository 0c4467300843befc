using System.Text;
using NextGpt.Realtime.Modeling.Prompting;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// A turn's prompt as NExT-GPT reads it (architecture notes section 2.1): the persona and the history as one text before
/// the legacy user turn (<c>### Human: ... \n### Assistant:</c>), so the prompt has the legacy demo's single BOS when no
/// media is sent, and input media projected into LLM tokens, several items of one kind summed into one token (legacy
/// <c>_prepare_*_embed</c>). Shared by the synchronous <see cref="NextGptTurnEngine"/> and the server's batched scheduler.
/// </summary>
public static class TurnPrompt
{
    /// <summary>Assembles the prompt embeddings (the caller's dispose scope owns them).</summary>
    public static AssembledPrompt Assemble(NextGptModel model, TurnInput input) =>
        new PromptAssembler(model.Tokenizer, model.Llm.Model.Embed) { BosPerTextSegment = model.BosPerTextSegment }
            .Assemble(Segments(model, input));

    private static List<PromptSegment> Segments(NextGptModel model, TurnInput input)
    {
        var media = (input.Media ?? [])
            .GroupBy(m => m.Kind, StringComparer.Ordinal)
            .Select(g => new PromptMedia(Project(model, g.Select(m => m.Embedding).ToList())))
            .ToList();
        var segments = LegacyPromptFormat.UserTurn(input.UserText, media).ToList();
        var prefix = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(input.Persona))
        {
            prefix.Append(input.Persona.Trim()).Append('\n');
        }

        foreach (var exchange in input.History ?? [])
        {
            prefix.Append($"{LegacyPromptFormat.Human} {exchange.User}{LegacyPromptFormat.Assistant} {exchange.Assistant}\n");
        }

        if (prefix.Length > 0 && segments[0] is PromptText first)
        {
            segments[0] = new PromptText(prefix + first.Text);
        }

        return segments;
    }

    private static Tensor Project(NextGptModel model, IReadOnlyList<float[]> items)
    {
        var width = model.InputProjector.Config.InDim;
        if (items.FirstOrDefault(e => e.Length != width) is { } wrong)
        {
            throw new ArgumentException($"An input embedding has {wrong.Length} values; the input projector takes {width}.");
        }

        var weight = model.InputProjector.parameters().First();
        var features = tensor(items.SelectMany(e => e).ToArray(), [items.Count, width]).to(weight.dtype, weight.device); // (K, in_dim)
        return model.InputProjector.ProjectSummed(features);                                                             // (1, 1, hidden)
    }
}
