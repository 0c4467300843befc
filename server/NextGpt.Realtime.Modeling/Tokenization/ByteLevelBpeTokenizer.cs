using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// A byte-level BPE tokenizer (GPT-2 style <c>vocab.json</c> + <c>merges.txt</c>, as <see cref="ByteLevelBpeTrainer"/>
/// writes them) run by Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>: the tokenizer of the small embedded model.
/// </summary>
/// <remarks>
/// The control tokens (from special_tokens_map.json, else <c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>,
/// <c>&lt;pad&gt;</c>) and NExT-GPT's 38 added tokens must be entries of the vocabulary; they are matched as whole strings
/// before BPE with the same rule as the LLaMA tokenizer (<see cref="AddedTokenSplitter"/>), so each is one id. Every byte
/// has a token, so any text encodes without an unknown id and decodes back exactly (apart from the whitespace the added
/// tokens strip). Decode joins the tokens' bytes and reads them as UTF-8; a character cut off at the end reads U+FFFD.
/// </remarks>
public sealed class ByteLevelBpeTokenizer : ITextTokenizer
{
    private readonly BpeTokenizer _model;
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly AddedTokenSplitter _splitter;

    private ByteLevelBpeTokenizer(Dictionary<string, int> vocabulary, IReadOnlyList<string> merges, TokenizerFolderFiles files, string source)
    {
        _ids = vocabulary;
        _tokens = TokensById(vocabulary, source);

        int Id(string? given, string fallback, string role)
        {
            var text = given ?? fallback;
            return vocabulary.TryGetValue(text, out var id)
                ? id
                : throw new InvalidDataException($"The {role} token '{text}' is not in the vocabulary of '{source}'.");
        }

        var bos = Id(files.BosToken, ByteLevelBpeVocabulary.BosToken, "BOS");
        var eos = Id(files.EosToken, ByteLevelBpeVocabulary.EosToken, "EOS");
        var unknown = Id(files.UnknownToken, ByteLevelBpeVocabulary.UnknownToken, "unknown");
        var pad = Id(files.PadToken, ByteLevelBpeVocabulary.PadToken, "padding");
        SpecialIds = new SpecialTokenIds(bos, eos, unknown, pad);

        HashSet<int> controlIds = [bos, eos, unknown, pad];
        var added = SignalTokens.AddedTokenTexts.Concat(files.AddedTokens.Keys).Distinct(StringComparer.Ordinal)
            .Select(text => new AddedToken(text, Id(text, text, "added"), StripsWhitespace: true, IsControl: false));
        var controls = controlIds.Select(id => new AddedToken(_tokens[id], id, StripsWhitespace: false, IsControl: true));
        var wholeTokens = added.Concat(controls).ToList();
        _splitter = new AddedTokenSplitter(wholeTokens);

        try
        {
            var specialTokens = wholeTokens.ToDictionary(t => t.Text, t => t.Id, StringComparer.Ordinal);
            _model = BpeTokenizer.Create(new BpeOptions(vocabulary)
            {
                Merges = merges,
                ByteLevel = true,
                PreTokenizer = new RegexPreTokenizer(ByteLevelPreTokenizer.Regex(), specialTokens),
                SpecialTokens = specialTokens,
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The BPE files of '{source}' do not make a tokenizer: {e.Message}", e);
        }

        Signals = SignalTokens.Resolve(TokenId);
        AddBosByDefault = files.AddBosToken;
        AddEosByDefault = files.AddEosToken;
        AddPrefixSpace = files.AddPrefixSpace;
    }

    public int VocabularySize => _tokens.Length;

    public SpecialTokenIds SpecialIds { get; }

    public SignalTokens Signals { get; }

    public bool AddBosByDefault { get; }

    public bool AddEosByDefault { get; }

    /// <summary>
    /// <c>add_prefix_space</c>: text that starts a call's input gets a space before it, as GPT2Tokenizer's
    /// <c>prepare_for_tokenization</c> does. The world LLM needs it: its persona line starts the prompt, and without the space
    /// a name there ("Cassia,") is spelled with other tokens than in the reply ("my name is Cassia"), so the model could not
    /// copy a name it had never seen (held-out names: 0 of 27 in the first benchmark).
    /// </summary>
    public bool AddPrefixSpace { get; }

    /// <summary>Loads <c>vocab.json</c>, <c>merges.txt</c> and the optional JSON files of a tokenizer folder.</summary>
    public static ByteLevelBpeTokenizer LoadFolder(string folder)
    {
        var vocabPath = Path.Combine(folder, ByteLevelBpeVocabulary.VocabFile);
        var mergesPath = Path.Combine(folder, ByteLevelBpeVocabulary.MergesFile);
        foreach (var path in new[] { vocabPath, mergesPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The BPE tokenizer file '{path}' was not found; a BPE folder holds vocab.json and merges.txt.", path);
            }
        }

        var files = TokenizerFolderFiles.Read(folder);
        var vocabulary = ReadVocabulary(vocabPath);
        foreach (var (text, id) in files.AddedTokens)
        {
            if (!vocabulary.TryAdd(text, id) && vocabulary[text] != id)
            {
                throw new InvalidDataException($"added_tokens.json gives '{text}' the id {id}, but vocab.json has it at {vocabulary[text]}.");
            }
        }

        return new ByteLevelBpeTokenizer(vocabulary, ReadMerges(mergesPath), files, folder);
    }

    /// <summary>Builds the tokenizer from a trained vocabulary without writing files.</summary>
    public static ByteLevelBpeTokenizer FromVocabulary(ByteLevelBpeVocabulary vocabulary, bool addPrefixSpace = false)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = vocabulary.Tokens.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id, StringComparer.Ordinal);
        return new ByteLevelBpeTokenizer(ids, [.. vocabulary.Merges.Select(m => $"{m.Left} {m.Right}")],
            new TokenizerFolderFiles { AddPrefixSpace = addPrefixSpace }, "the trained vocabulary");
    }

    public IReadOnlyList<int> Encode(string text, bool addBos, bool addEos = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        if (addBos)
        {
            ids.Add(SpecialIds.Bos);
        }

        var first = true;
        foreach (var segment in _splitter.Split(text))
        {
            if (segment.Token is { } token)
            {
                ids.Add(token.Id);
            }
            else
            {
                var piece = segment.Text!;
                ids.AddRange(_model.EncodeToIds(first && AddPrefixSpace && piece.Length > 0 && !char.IsWhiteSpace(piece[0]) ? " " + piece : piece));
            }

            first = false;
        }

        if (addEos)
        {
            ids.Add(SpecialIds.Eos);
        }

        return ids;
    }

    /// <summary>Encodes with the folder's <c>add_bos_token</c> and <c>add_eos_token</c>.</summary>
    public IReadOnlyList<int> Encode(string text) => Encode(text, AddBosByDefault, AddEosByDefault);

    public string Decode(IReadOnlyList<int> ids) => Decode(ids, skipSpecialTokens: true);

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            CheckId(id);
        }

        var kept = skipSpecialTokens ? ids.Where(id => !SpecialIds.Contains(id)) : ids;
        return _model.Decode(kept, considerSpecialTokens: true);
    }

    public string TokenPiece(int id)
    {
        CheckId(id);
        return _tokens[id];
    }

    public int? TokenId(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        return _ids.TryGetValue(piece, out var id) ? id : null;
    }

    private void CheckId(int id)
    {
        if (id < 0 || id >= _tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids of this tokenizer are 0..{_tokens.Length - 1}.");
        }
    }

    private static Dictionary<string, int> ReadVocabulary(string path)
    {
        try
        {
            var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path));
            return vocabulary is { Count: > 0 }
                ? new Dictionary<string, int>(vocabulary, StringComparer.Ordinal)
                : throw new InvalidDataException($"The BPE vocabulary '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The BPE vocabulary '{path}' is not a JSON object of token to id: {e.Message}", e);
        }
    }

    private static List<string> ReadMerges(string path)
    {
        var merges = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith("#version", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
            {
                throw new InvalidDataException($"Line {lineNumber} of the BPE merges '{path}' is not two tokens separated by one space: '{line}'.");
            }

            merges.Add(line);
        }

        return merges;
    }

    private static string[] TokensById(Dictionary<string, int> vocabulary, string source)
    {
        var tokens = new string[vocabulary.Count];
        foreach (var (token, id) in vocabulary)
        {
            if (id < 0 || id >= tokens.Length || tokens[id] is not null)
            {
                throw new InvalidDataException($"The token ids of '{source}' are not 0..{tokens.Length - 1} (token '{token}' has {id}).");
            }

            tokens[id] = token;
        }

        return tokens;
    }
}
