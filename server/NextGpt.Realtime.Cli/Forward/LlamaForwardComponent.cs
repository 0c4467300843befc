using NextGpt.Realtime.Modeling.LanguageModel;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward llama</c>: a Hugging Face LLaMA folder on <c>input_ids</c> (int64, (B, T)) or <c>inputs_embeds</c>
/// ((B, T, D)), with an optional <c>attention_mask</c>; writes <c>logits</c> and the final-norm <c>hidden_states</c>.
/// </summary>
public sealed class LlamaForwardComponent : IForwardComponent
{
    public string Name => "llama";

    public string Description => "LLaMA decoder: input_ids or inputs_embeds [+ attention_mask] -> logits, hidden_states.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var ids = inputs.GetValueOrDefault("input_ids");
        var embeds = inputs.GetValueOrDefault("inputs_embeds");
        if ((ids is null) == (embeds is null))
        {
            throw new ArgumentException("The inputs file must hold exactly one of input_ids and inputs_embeds.");
        }

        using var model = LlamaForCausalLM.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        var output = model.forward(new LlamaInput(
            InputIds: ids?.to_type(ScalarType.Int64),
            InputsEmbeds: embeds?.to_type(ScalarType.Float32),
            AttentionMask: inputs.GetValueOrDefault("attention_mask")));
        return new Dictionary<string, Tensor> { ["logits"] = output.Logits, ["hidden_states"] = output.HiddenStates };
    }
}
