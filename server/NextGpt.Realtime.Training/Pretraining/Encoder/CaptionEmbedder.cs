using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Training.Pretraining.Audio;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>
/// The encoder's text side: CLIP's text transformer (ImageBind's text tower is OpenCLIP's) over BOS + caption + EOS, its
/// final-LayerNorm state at the EOS token, L2-normalised. The tower is as wide as the joint space, so no projection
/// follows. The EOS position is taken from the mask rather than from ClipTextModel's pooling: with the world BPE's eos id 2,
/// transformers' legacy rule would pool at the largest id instead.
/// </summary>
public sealed class CaptionEmbedder(ClipTextModel model, CaptionTokens tokens)
{
    public ClipTextModel Model => model;

    public CaptionTokens Tokens => tokens;

    /// <returns>(B, D) unit-length caption embeddings.</returns>
    public Tensor Embed(IReadOnlyList<string> captions)
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = tokens.Batch(captions);                                        // (B, L)
        var hidden = model.forward(ids, mask).LastHiddenState;                           // (B, L, D)
        var eos = (mask.sum(1) - 1).view(-1, 1, 1).expand(-1, 1, hidden.shape[2]);        // (B, 1, D)
        var pooled = hidden.gather(1, eos).squeeze(1);                                   // (B, D)
        return nn.functional.normalize(pooled, dim: -1).MoveToOuterDisposeScope();
    }
}
