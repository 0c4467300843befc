using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward clap-text</c>: a transformers CLAP text folder (AudioLDM's <c>text_encoder/</c>) on <c>input_ids</c>
/// (int64, (B, T)) and an optional <c>attention_mask</c>; writes <c>text_embeds</c> (not normalised, as transformers
/// returns them) and <c>last_hidden_state</c>.
/// </summary>
public sealed class ClapTextForwardComponent : IForwardComponent
{
    public string Name => "clap-text";

    public string Description => "CLAP text branch with projection: input_ids [+ attention_mask] -> text_embeds, last_hidden_state.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var ids = inputs.GetValueOrDefault("input_ids") ?? throw new ArgumentException("The inputs file must hold input_ids.");
        using var model = ClapTextModelWithProjection.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        var output = model.forward(ids, inputs.GetValueOrDefault("attention_mask"));
        return new Dictionary<string, Tensor> { ["text_embeds"] = output.TextEmbeds, ["last_hidden_state"] = output.LastHiddenState };
    }
}
