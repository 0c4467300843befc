namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>
/// What prompt assembly needs from a tokenizer: ids of a text without special tokens (legacy NExT-GPT calls
/// <c>llama_tokenizer(text, add_special_tokens=False)</c>; added tokens such as <c>&lt;Img&gt;</c> must come out as their
/// single ids) and the BOS id. Any tokenizer can be adapted with <see cref="DelegatePromptTokenizer"/>.
/// </summary>
public interface IPromptTokenizer
{
    long BosTokenId { get; }

    IReadOnlyList<long> Encode(string text);
}

/// <summary>An <see cref="IPromptTokenizer"/> over a plain encoding function.</summary>
public sealed class DelegatePromptTokenizer(Func<string, IReadOnlyList<long>> encode, long bosTokenId) : IPromptTokenizer
{
    public long BosTokenId => bosTokenId;

    public IReadOnlyList<long> Encode(string text) => encode(text);
}
