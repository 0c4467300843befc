using System.Text.Json;

namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

/// <summary>The small SentencePiece model and the expected ids/texts made by tools/reference/make_tokenizer_fixtures.py.</summary>
internal sealed class SentencePieceFixture
{
    private SentencePieceFixture(JsonElement root)
    {
        BaseVocabularySize = root.GetProperty("base_vocab_size").GetInt32();
        Cases = [.. root.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("text").GetString()!,
            Ints(c.GetProperty("ids")),
            [.. c.GetProperty("pieces").EnumerateArray().Select(p => p.GetString()!)],
            c.GetProperty("decoded").GetString()!,
            c.GetProperty("decoded_skip_special").GetString()!))];
        PieceDecodes = [.. root.GetProperty("sentencepiece_decodes").EnumerateArray()
            .Select(d => (Ints(d.GetProperty("ids")), d.GetProperty("text").GetString()!))];
    }

    public static string ModelPath { get; } = Fixtures.PathOf("tokenizers", "sp_bpe_small.model");

    public static SentencePieceFixture Expected { get; } = new(
        JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("tokenizers", "sp_bpe_small_expected.json"))).RootElement.Clone());

    public int BaseVocabularySize { get; }

    public IReadOnlyList<Case> Cases { get; }

    public IReadOnlyList<(int[] Ids, string Text)> PieceDecodes { get; }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    /// <param name="Ids">Legacy slow-tokenizer ids without BOS (added tokens at base + i).</param>
    /// <param name="DecodedSkipSpecial">Decode of BOS + ids + EOS with special tokens skipped.</param>
    internal sealed record Case(string Text, int[] Ids, string[] Pieces, string Decoded, string DecodedSkipSpecial);
}
