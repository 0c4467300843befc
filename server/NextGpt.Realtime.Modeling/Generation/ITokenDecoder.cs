namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// Turns token ids into text; the tokenizer plugs in here so that generation does not depend on a tokenizer library.
/// </summary>
/// <remarks>
/// The contract is that of SentencePiece and transformers' <c>decode</c>: byte-fallback pieces (<c>&lt;0xE2&gt;</c>) become
/// their bytes, the bytes are read as UTF-8, and a multi-byte character that is cut off (its remaining bytes are in later
/// tokens) comes out as U+FFFD or not at all, never as the piece's name. <see cref="IncrementalDetokenizer"/> relies on
/// that to hold such text back until the character is complete.
/// </remarks>
public interface ITokenDecoder
{
    /// <summary>Decodes a run of token ids into text.</summary>
    string Decode(IReadOnlyList<int> ids);
}
