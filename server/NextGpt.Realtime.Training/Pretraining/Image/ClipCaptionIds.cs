using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Stages;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The token ids a decoder's CLIP text encoder is trained on, exactly as stage 2 encodes its targets
/// (<see cref="DecoderConditioning.CaptionIds"/>: BOS + caption + EOS padded to max_position_embeddings, as Stable
/// Diffusion's pipeline pads prompts to 77). The empty caption gives the unconditional ids of classifier-free guidance.
/// </summary>
public static class ClipCaptionIds
{
    /// <summary>(N, length) ids of many captions.</summary>
    public static Tensor Batch(ITextTokenizer tokenizer, IEnumerable<string> captions, int length)
    {
        using var scope = NewDisposeScope();
        return cat(captions.Select(c => DecoderConditioning.CaptionIds(tokenizer, c, length)).ToList(), 0).MoveToOuterDisposeScope();
    }

    /// <summary>(length) ids of one caption.</summary>
    public static Tensor Of(ITextTokenizer tokenizer, string caption, int length)
    {
        using var scope = NewDisposeScope();
        return DecoderConditioning.CaptionIds(tokenizer, caption, length)[0].MoveToOuterDisposeScope();
    }

    /// <summary>The longest BOS + caption + EOS among <paramref name="captions"/>, to check they fit the encoder.</summary>
    public static int LongestLength(ITextTokenizer tokenizer, IEnumerable<string> captions) =>
        captions.Max(c => tokenizer.Encode(c, addBos: true, addEos: true).Count);
}
