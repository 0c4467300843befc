using NextGpt.Realtime.Modeling.Generation;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// A text tokenizer as the language model sees it: text to ids and back, the pieces behind the ids, the control ids, and
/// NExT-GPT's signal tokens. Implemented by the LLaMA SentencePiece tokenizer (<see cref="LlamaSentencePieceTokenizer"/>)
/// and by the byte-level BPE the project trains for small models (<see cref="ByteLevelBpeTokenizer"/>); pick one from a
/// model folder with <see cref="TextTokenizerLoader"/>.
/// </summary>
/// <remarks>
/// Both split the text on their added and special tokens first (<see cref="AddedTokenSplitter"/>, the rule of the slow
/// transformers tokenizer NExT-GPT uses), so <c>"&lt;Img&gt;"</c>, <c>"[IMG0]"</c> and the other signal tokens are always
/// one id. As an <see cref="ITokenDecoder"/> a tokenizer decodes with its control tokens (BOS, EOS, padding, unknown)
/// left out, which is what a streamed reply shows.
/// </remarks>
public interface ITextTokenizer : ITokenDecoder
{
    /// <summary>Number of ids, added tokens included (the rows the embedding and lm_head need).</summary>
    int VocabularySize { get; }

    /// <summary>BOS, EOS, unknown and padding ids.</summary>
    SpecialTokenIds SpecialIds { get; }

    /// <summary>Ids of <c>&lt;Img&gt;</c>, <c>&lt;/Img&gt;</c> and the [IMGi], [VIDi], [AUDi] signal tokens.</summary>
    SignalTokens Signals { get; }

    /// <summary>Encodes text; with <paramref name="addBos"/> the BOS id comes first, with <paramref name="addEos"/> EOS last.</summary>
    IReadOnlyList<int> Encode(string text, bool addBos, bool addEos = false);

    /// <summary>Decodes ids; <paramref name="skipSpecialTokens"/> leaves out BOS, EOS, unknown and padding ids.</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens);

    /// <summary>The vocabulary entry of an id (a SentencePiece piece such as <c>"▁Hello"</c> or <c>"&lt;0xE2&gt;"</c>,
    /// a byte-level BPE token such as <c>"Ġworld"</c>, or an added token's text).</summary>
    string TokenPiece(int id);

    /// <summary>The id of a vocabulary entry or added token, or null when there is none.</summary>
    int? TokenId(string piece);
}
