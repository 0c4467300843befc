namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// A token matched as a whole string before the model's own tokenization (an added token such as <c>"[IMG0]"</c>, or a
/// control token such as <c>"&lt;s&gt;"</c>).
/// </summary>
/// <param name="StripsWhitespace">
/// True for tokens added as plain strings (NExT-GPT's <c>add_tokens("[IMG0]")</c>): the slow transformers tokenizer strips
/// the whitespace on both sides of them, so <c>"caption [IMG0] [IMG1]"</c> gives contiguous ids. False for LLaMA's control
/// tokens, which its tokenizer_config.json declares with <c>lstrip=false, rstrip=false</c>.
/// </param>
/// <param name="IsControl">True for BOS, EOS, unknown and padding: left out of a decode that skips special tokens.</param>
public sealed record AddedToken(string Text, int Id, bool StripsWhitespace, bool IsControl);
