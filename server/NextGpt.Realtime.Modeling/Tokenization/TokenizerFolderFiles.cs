using System.Text.Json;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// The small JSON files a Hugging Face tokenizer folder keeps next to its model file: <c>added_tokens.json</c> (token to
/// id), <c>special_tokens_map.json</c> and <c>tokenizer_config.json</c> (BOS/EOS/unknown/padding strings, written either
/// as a string or as an AddedToken object with <c>content</c>; <c>add_bos_token</c>, <c>add_eos_token</c>). Every file is
/// optional; what is absent keeps LLaMA's defaults.
/// </summary>
public sealed record TokenizerFolderFiles
{
    public const string AddedTokensFile = "added_tokens.json";
    public const string SpecialTokensMapFile = "special_tokens_map.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>Added tokens with their ids, from added_tokens.json (empty without the file).</summary>
    public IReadOnlyDictionary<string, int> AddedTokens { get; init; } = new Dictionary<string, int>();

    public string? BosToken { get; init; }

    public string? EosToken { get; init; }

    public string? UnknownToken { get; init; }

    public string? PadToken { get; init; }

    /// <summary><c>add_bos_token</c> (LLaMA: true).</summary>
    public bool AddBosToken { get; init; } = true;

    /// <summary><c>add_eos_token</c> (LLaMA: false).</summary>
    public bool AddEosToken { get; init; }

    /// <summary><c>add_prefix_space</c> of a byte-level BPE (GPT-2's option; default false): a space before the text, so a
    /// word at the start is spelled as it is after a space, as SentencePiece's dummy prefix does for LLaMA.</summary>
    public bool AddPrefixSpace { get; init; }

    /// <summary>Reads whichever of the three files the folder has.</summary>
    public static TokenizerFolderFiles Read(string folder)
    {
        var files = new TokenizerFolderFiles();
        var configPath = Path.Combine(folder, TokenizerConfigFile);
        var config = ReadObject(configPath);
        if (config is { } c)
        {
            files = files with
            {
                BosToken = TokenText(c, "bos_token", configPath),
                EosToken = TokenText(c, "eos_token", configPath),
                UnknownToken = TokenText(c, "unk_token", configPath),
                PadToken = TokenText(c, "pad_token", configPath),
                AddBosToken = Flag(c, "add_bos_token", configPath) ?? true,
                AddEosToken = Flag(c, "add_eos_token", configPath) ?? false,
                AddPrefixSpace = Flag(c, "add_prefix_space", configPath) ?? false,
            };
        }

        // special_tokens_map.json is what transformers reads last, so its entries win over tokenizer_config.json's.
        var mapPath = Path.Combine(folder, SpecialTokensMapFile);
        var map = ReadObject(mapPath);
        if (map is { } m)
        {
            files = files with
            {
                BosToken = TokenText(m, "bos_token", mapPath) ?? files.BosToken,
                EosToken = TokenText(m, "eos_token", mapPath) ?? files.EosToken,
                UnknownToken = TokenText(m, "unk_token", mapPath) ?? files.UnknownToken,
                PadToken = TokenText(m, "pad_token", mapPath) ?? files.PadToken,
            };
        }

        var addedPath = Path.Combine(folder, AddedTokensFile);
        var added = ReadObject(addedPath);
        if (added is { } a)
        {
            var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var property in a.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var id) || id < 0)
                {
                    throw Invalid(addedPath, $"the id of '{property.Name}' is not a non-negative integer");
                }

                tokens[property.Name] = id;
            }

            files = files with { AddedTokens = tokens };
        }

        return files;
    }

    private static JsonElement? ReadObject(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "the file is not a JSON object");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The tokenizer file '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static string? TokenText(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            // Early LLaMA conversions wrote "" for these; an empty token means "not given".
            JsonValueKind.String => NullIfEmpty(value.GetString()),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                => NullIfEmpty(content.GetString()),
            _ => throw Invalid(path, $"'{name}' is neither a string nor an object with a 'content' string"),
        };
    }

    private static bool? Flag(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(path, $"'{name}' is not true or false"),
        };
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static InvalidDataException Invalid(string path, string what) =>
        new($"The tokenizer file '{path}' is invalid: {what}.");
}
