namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// The control ids of a tokenizer. LLaMA has unknown 0, BOS 1, EOS 2 and no padding token; NExT-GPT pads with EOS
/// (<c>pad_token = eos_token</c> in the legacy model), which is what <see cref="Pad"/> holds when a folder names none.
/// </summary>
public sealed record SpecialTokenIds(int Bos, int Eos, int Unknown, int Pad)
{
    /// <summary>True for BOS, EOS, unknown and padding, the ids a decode with skipped special tokens leaves out.</summary>
    public bool Contains(int id) => id == Bos || id == Eos || id == Unknown || id == Pad;
}
