using System.Text.Encodings.Web;
using System.Text.Json;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// A trained byte-level BPE: the tokens by id and the merges by rank, saved in the Hugging Face GPT-2 layout
/// (<c>vocab.json</c>, <c>merges.txt</c> with its <c>#version: 0.2</c> line, <c>special_tokens_map.json</c>,
/// <c>tokenizer_config.json</c>) that <see cref="ByteLevelBpeTokenizer"/> and transformers' GPT2Tokenizer read.
/// </summary>
/// <remarks>
/// Layout of the ids: 0 <c>&lt;unk&gt;</c>, 1 <c>&lt;s&gt;</c> (BOS), 2 <c>&lt;/s&gt;</c> (EOS), 3 <c>&lt;pad&gt;</c> (LLaMA's
/// first three ids), 4..41 NExT-GPT's added tokens in their order (<see cref="SignalTokens.AddedTokenTexts"/>), 42..297
/// the 256 bytes, then one token per merge. The special ids do not move with the vocabulary size.
/// </remarks>
public sealed class ByteLevelBpeVocabulary
{
    public const string VocabFile = "vocab.json";
    public const string MergesFile = "merges.txt";
    public const string UnknownToken = "<unk>";
    public const string BosToken = "<s>";
    public const string EosToken = "</s>";
    public const string PadToken = "<pad>";

    /// <summary>Control tokens, then NExT-GPT's added tokens: the ids before the byte alphabet.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } =
        [UnknownToken, BosToken, EosToken, PadToken, .. SignalTokens.AddedTokenTexts];

    /// <summary>Special tokens plus the 256 bytes: the smallest possible vocabulary.</summary>
    public static int MinimumSize { get; } = SpecialTokens.Count + 256;

    public ByteLevelBpeVocabulary(IReadOnlyList<string> tokens, IReadOnlyList<(string Left, string Right)> merges)
    {
        Tokens = tokens;
        Merges = merges;
    }

    /// <summary>Token strings by id (bytes written in <see cref="ByteLevelAlphabet"/>).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Merges in rank order (the order they were learned).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    /// <summary>Writes the tokenizer folder (created if needed; the four files are replaced).</summary>
    /// <param name="addPrefixSpace">The folder's <c>add_prefix_space</c> (<see cref="TokenizerFolderFiles.AddPrefixSpace"/>).</param>
    public void Save(string folder, bool addPrefixSpace = false)
    {
        Directory.CreateDirectory(folder);
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        using (var stream = File.Create(Path.Combine(folder, VocabFile)))
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            for (var id = 0; id < Tokens.Count; id++)
            {
                json.WriteNumber(Tokens[id], id);
            }

            json.WriteEndObject();
        }

        File.WriteAllLines(Path.Combine(folder, MergesFile), ["#version: 0.2", .. Merges.Select(m => $"{m.Left} {m.Right}")]);

        using (var stream = File.Create(Path.Combine(folder, TokenizerFolderFiles.SpecialTokensMapFile)))
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("bos_token", BosToken);
            json.WriteString("eos_token", EosToken);
            json.WriteString("unk_token", UnknownToken);
            json.WriteString("pad_token", PadToken);
            json.WriteStartArray("additional_special_tokens");
            foreach (var token in SignalTokens.AddedTokenTexts)
            {
                json.WriteStringValue(token);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        using (var stream = File.Create(Path.Combine(folder, TokenizerFolderFiles.TokenizerConfigFile)))
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("tokenizer_class", "GPT2Tokenizer");
            json.WriteBoolean("add_bos_token", true);
            json.WriteBoolean("add_eos_token", false);
            json.WriteBoolean("add_prefix_space", addPrefixSpace);
            json.WriteEndObject();
        }
    }
}
