using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward clip-text</c>: a transformers CLIP text folder (SD 1.5's <c>text_encoder/</c>) on <c>input_ids</c>
/// (int64, (B, T)) with an optional <c>attention_mask</c>; writes <c>last_hidden_state</c> and <c>pooler_output</c>.
/// </summary>
public sealed class ClipTextForwardComponent : IForwardComponent
{
    public string Name => "clip-text";

    public string Description => "CLIP text encoder: input_ids [+ attention_mask] -> last_hidden_state, pooler_output.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var ids = inputs.GetValueOrDefault("input_ids") ?? throw new ArgumentException("The inputs file must hold input_ids.");
        using var model = ClipTextModel.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        var output = model.forward(ids, inputs.GetValueOrDefault("attention_mask"));
        return new Dictionary<string, Tensor> { ["last_hidden_state"] = output.LastHiddenState, ["pooler_output"] = output.PoolerOutput };
    }
}
