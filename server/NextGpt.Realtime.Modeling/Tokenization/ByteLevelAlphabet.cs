namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// GPT-2's byte-to-character table (openai/gpt-2 encoder.py <c>bytes_to_unicode</c>): printable bytes stand for themselves,
/// the other 68 bytes (controls, space, 0x7F..0xA0, 0xAD) are shifted to U+0100 and up, so that every byte has a visible
/// character and a vocabulary of such strings can be stored in vocab.json / merges.txt. The space becomes <c>Ġ</c> (U+0120).
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildTable();

    /// <summary>The character that stands for a byte.</summary>
    public static char CharOf(byte value) => ByteToChar[value];

    /// <summary>The UTF-8 bytes of a text, written in the byte alphabet.</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = ByteToChar[source[i]];
            }
        });
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var shifted = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)(256 + shifted++);
        }

        return table;
    }
}
