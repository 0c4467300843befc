namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// GPT-2/CLIP's reversible byte-to-character table (openai/CLIP simple_tokenizer.py <c>bytes_to_unicode</c>): printable
/// Latin-1 bytes stand for themselves, the other 68 bytes map to U+0100 onwards, so every UTF-8 byte sequence becomes a
/// string of vocabulary characters without whitespace or control characters.
/// </summary>
public static class ClipByteEncoder
{
    private static readonly char[] ByteToChar = BuildTable();
    private static readonly Dictionary<char, byte> CharToByte =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    /// <summary>The character that stands for <paramref name="value"/>.</summary>
    public static char Encode(byte value) => ByteToChar[value];

    /// <summary>The characters of a text's UTF-8 bytes.</summary>
    public static string Encode(string text) => string.Concat(System.Text.Encoding.UTF8.GetBytes(text).Select(b => ByteToChar[b]));

    /// <summary>The bytes a string of table characters stands for; characters outside the table are an error.</summary>
    public static byte[] Decode(string characters) => characters.Select(c => CharToByte.TryGetValue(c, out var b)
        ? b
        : throw new ArgumentException($"'{c}' (U+{(int)c:X4}) is not a byte character of the CLIP vocabulary.", nameof(characters))).ToArray();

    /// <summary>All 256 characters in openai's order (printable bytes first), as the vocabulary lists them.</summary>
    public static IReadOnlyList<char> Alphabet { get; } = BuildAlphabet();

    private static char[] BuildTable()
    {
        var table = new char[256];
        var extra = 0;
        for (var b = 0; b < 256; b++)
        {
            table[b] = IsPrintable(b) ? (char)b : (char)(256 + extra++);
        }

        return table;
    }

    private static List<char> BuildAlphabet()
    {
        var printable = Enumerable.Range(0, 256).Where(IsPrintable);
        var others = Enumerable.Range(0, 256).Where(b => !IsPrintable(b));
        return printable.Concat(others).Select(b => ByteToChar[b]).ToList();
    }

    // '!'..'~', '¡'..'¬', '®'..'ÿ'.
    private static bool IsPrintable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
}
