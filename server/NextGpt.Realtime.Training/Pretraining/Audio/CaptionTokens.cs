using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// Captions as a text tower reads them: BOS + caption + EOS (what DecoderConditioning.Clap encodes at stage 2), batched by
/// right-padding with the tokenizer's pad id under an attention mask, which leaves each caption's encoding what it is
/// alone (RoBERTa gives padding the pad position and the mask hides it).
/// </summary>
public sealed class CaptionTokens(ITextTokenizer tokenizer, int maxTokens)
{
    private readonly Dictionary<string, long[]> _cache = new(StringComparer.Ordinal);

    public ITextTokenizer Tokenizer => tokenizer;

    public long[] Ids(string caption)
    {
        if (!_cache.TryGetValue(caption, out var ids))
        {
            ids = [.. tokenizer.Encode(caption, addBos: true, addEos: true).Select(id => (long)id)];
            if (ids.Length > maxTokens)
            {
                throw new ArgumentException($"'{caption}' is {ids.Length} tokens; the text tower reads at most {maxTokens}.", nameof(caption));
            }

            _cache[caption] = ids;
        }

        return ids;
    }

    /// <returns>(B, L) int64 ids and (B, L) int64 mask (1 = token), L the longest caption.</returns>
    public (Tensor Ids, Tensor Mask) Batch(IReadOnlyList<string> captions)
    {
        var rows = captions.Select(Ids).ToList();
        var length = rows.Max(r => r.Length);
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        Array.Fill(ids, tokenizer.SpecialIds.Pad);
        for (var b = 0; b < rows.Count; b++)
        {
            rows[b].CopyTo(ids, b * length);
            Array.Fill(mask, 1L, b * length, rows[b].Length);
        }

        return (tensor(ids, [rows.Count, length]), tensor(mask, [rows.Count, length]));
    }
}
