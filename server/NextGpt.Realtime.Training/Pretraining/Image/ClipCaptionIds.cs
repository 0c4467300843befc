using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The token ids a decoder's CLIP text encoder reads for a caption: BOS + caption + EOS, cut or padded with the tokenizer's
/// pad id to the encoder's max_position_embeddings, as Stable Diffusion's pipeline pads prompts to 77 (and as stage 2's
/// DecoderConditioning.CaptionIds encodes its targets). The empty caption gives the unconditional ids of classifier-free
/// guidance.
/// </summary>
public static class ClipCaptionIds
{
    public static long[] Of(ITextTokenizer tokenizer, string caption, int length)
    {
        var ids = tokenizer.Encode(caption, addBos: true, addEos: true).Select(id => (long)id).Take(length).ToList();
        ids.AddRange(Enumerable.Repeat((long)tokenizer.SpecialIds.Pad, length - ids.Count));
        return [.. ids];
    }

    /// <summary>(N, length) ids of many captions.</summary>
    public static Tensor Batch(ITextTokenizer tokenizer, IEnumerable<string> captions, int length)
    {
        var rows = captions.Select(c => Of(tokenizer, c, length)).ToList();
        return tensor(rows.SelectMany(r => r).ToArray(), [rows.Count, length]);
    }

    /// <summary>The longest BOS + caption + EOS among <paramref name="captions"/>, to check they fit the encoder.</summary>
    public static int LongestLength(ITextTokenizer tokenizer, IEnumerable<string> captions) =>
        captions.Max(c => tokenizer.Encode(c, addBos: true, addEos: true).Count);
}
