namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>One piece of a split text: either plain text for the model's tokenizer or one whole added token.</summary>
public readonly record struct TextSegment(string? Text, AddedToken? Token)
{
    public static TextSegment OfText(string text) => new(text, null);

    public static TextSegment OfToken(AddedToken token) => new(null, token);

    public bool IsToken => Token is not null;
}
