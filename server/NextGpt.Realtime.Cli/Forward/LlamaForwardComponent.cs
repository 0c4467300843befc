using NextGpt.Realtime.Modeling.LanguageModel;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward llama</c>: a Hugging Face LLaMA folder on <c>input_ids</c> (int64, (B, T)) or <c>inputs_embeds</c>
/// ((B, T, D)), with an optional <c>attention_mask</c> ((B, T), 1 for real tokens) and <c>position_ids</c> ((B, T));
/// writes <c>logits</c> and the final-norm <c>hidden_states</c>.
/// </summary>
public sealed class LlamaForwardComponent : IForwardComponent
{
    public string Name => "llama";

    public string Description => "LLaMA decoder: input_ids or inputs_embeds [+ attention_mask, position_ids] -> logits, hidden_states.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        // Other tensors in the file are ignored (fixture files carry several variants of the inputs).
        if (inputs.ContainsKey("input_ids") == inputs.ContainsKey("inputs_embeds"))
        {
            throw new ArgumentException(
                $"The inputs file must hold exactly one of input_ids and inputs_embeds; it holds {string.Join(", ", inputs.Keys)}.");
        }

        using var model = LlamaForCausalLM.FromPretrained(modelDirectory);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = inputs.GetValueOrDefault("input_ids")?.to_type(ScalarType.Int64);
        if (ids is not null && ids.numel() > 0 && (ids.min().item<long>() < 0 || ids.max().item<long>() >= model.Config.VocabSize))
        {
            throw new ArgumentException(
                $"input_ids must lie in [0, {model.Config.VocabSize}); got [{ids.min().item<long>()}, {ids.max().item<long>()}].");
        }

        var output = model.forward(new LlamaInput(
            InputIds: ids,
            InputsEmbeds: inputs.GetValueOrDefault("inputs_embeds")?.to_type(ScalarType.Float32),
            AttentionMask: inputs.GetValueOrDefault("attention_mask"),
            PositionIds: inputs.GetValueOrDefault("position_ids")?.to_type(ScalarType.Int64)));
        return new Dictionary<string, Tensor>
        {
            ["logits"] = output.Logits.MoveToOuterDisposeScope(),
            ["hidden_states"] = output.HiddenStates.MoveToOuterDisposeScope(),
        };
    }
}
