using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py; transformers' CLIPTokenizer), read from a
/// transformers tokenizer folder (<c>vocab.json</c>, <c>merges.txt</c>, optional <c>special_tokens_map.json</c> and
/// <c>tokenizer_config.json</c>). Prompts are laid out as Stable Diffusion asks for them: <c>&lt;|startoftext|&gt;</c>, at
/// most max_length - 2 tokens, <c>&lt;|endoftext|&gt;</c>, then the pad token (SD 1.5: <c>&lt;|endoftext|&gt;</c>) up to
/// max_length (77).
/// </summary>
public sealed class ClipTokenizer
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";
    private const string EndOfWord = "</w>";
    // transformers reads merges.txt[1 : 49152 - 256 - 2 + 1], as openai's tokenizer slices its merge list.
    private const int MaxMerges = 49152 - 256 - 2;
    private const int CacheLimit = 100_000;

    private readonly Dictionary<string, int> _encoder;
    private readonly Dictionary<int, string> _decoder;
    private readonly Dictionary<(string First, string Second), int> _ranks;
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);

    /// <param name="vocabulary">Token string to id (vocab.json).</param>
    /// <param name="merges">The BPE merges in rank order (merges.txt without its header).</param>
    /// <param name="padToken">The padding token (SD 1.5: &lt;|endoftext|&gt;; SD 2: "!").</param>
    /// <param name="modelMaxLength">Padded prompt length (77).</param>
    public ClipTokenizer(IReadOnlyDictionary<string, int> vocabulary, IReadOnlyList<(string First, string Second)> merges,
        string padToken = EndOfText, int modelMaxLength = 77)
    {
        _encoder = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        _decoder = _encoder.ToDictionary(pair => pair.Value, pair => pair.Key);
        _ranks = new Dictionary<(string, string), int>();
        for (var rank = 0; rank < Math.Min(merges.Count, MaxMerges); rank++)
        {
            _ranks.TryAdd(merges[rank], rank);
        }

        if (modelMaxLength < 2)
        {
            throw new ArgumentException($"model_max_length {modelMaxLength} leaves no room for the start and end tokens.", nameof(modelMaxLength));
        }

        BosTokenId = IdOf(StartOfText, "the start token");
        EosTokenId = IdOf(EndOfText, "the end token");
        PadTokenId = IdOf(padToken, "the pad token");
        ModelMaxLength = modelMaxLength;
    }

    public int BosTokenId { get; }

    public int EosTokenId { get; }

    public int PadTokenId { get; }

    public int ModelMaxLength { get; }

    public int VocabularySize => _encoder.Count;

    /// <summary>Reads a transformers CLIP tokenizer folder (SD 1.5's <c>tokenizer/</c>).</summary>
    public static ClipTokenizer FromDirectory(string directory)
    {
        var vocabularyPath = Path.Combine(directory, "vocab.json");
        var mergesPath = Path.Combine(directory, "merges.txt");
        if (!File.Exists(vocabularyPath) || !File.Exists(mergesPath))
        {
            throw new FileNotFoundException($"{directory} must hold vocab.json and merges.txt (a CLIP tokenizer folder).");
        }

        Dictionary<string, int> vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabularyPath))
                ?? throw new InvalidDataException($"{vocabularyPath} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{vocabularyPath} is not a token-to-id JSON object: {ex.Message}", ex);
        }

        var merges = new List<(string, string)>();
        foreach (var (line, number) in File.ReadLines(mergesPath).Select((line, index) => (line, index + 1)))
        {
            if ((number == 1 && line.StartsWith("#version", StringComparison.Ordinal)) || line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(' ');
            merges.Add(parts.Length == 2
                ? (parts[0], parts[1])
                : throw new InvalidDataException($"{mergesPath} line {number}: expected two symbols separated by one space, got '{line}'."));
        }

        var padToken = ReadSpecialToken(Path.Combine(directory, "special_tokens_map.json"), "pad_token")
            ?? ReadSpecialToken(Path.Combine(directory, "tokenizer_config.json"), "pad_token") ?? EndOfText;
        var maxLength = ReadMaxLength(Path.Combine(directory, "tokenizer_config.json")) ?? 77;
        return new ClipTokenizer(vocabulary, merges, padToken, maxLength);
    }

    /// <summary>The BPE ids of a text, without start/end tokens (openai's <c>SimpleTokenizer.encode</c>).</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        foreach (var word in ClipPreTokenizer.Split(ClipPreTokenizer.Clean(text)))
        {
            if (word is StartOfText or EndOfText)
            {
                ids.Add(_encoder[word]);
                continue;
            }

            foreach (var symbol in Bpe(ClipByteEncoder.Encode(word)))
            {
                ids.Add(_encoder.TryGetValue(symbol, out var id)
                    ? id
                    : throw new InvalidDataException($"The BPE symbol '{symbol}' is missing from vocab.json (merges and vocabulary disagree)."));
            }
        }

        return ids;
    }

    /// <summary>
    /// A prompt as the text encoder takes it (transformers' <c>tokenizer(text, padding="max_length", truncation=True)</c>):
    /// start token, the first maxLength - 2 ids, end token, pad tokens up to maxLength.
    /// </summary>
    public long[] EncodeForModel(string text, int? maxLength = null)
    {
        var length = maxLength ?? ModelMaxLength;
        if (length < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), $"max length {length} leaves no room for the start and end tokens.");
        }

        var ids = Encode(text);
        var row = new long[length];
        row[0] = BosTokenId;
        var kept = Math.Min(ids.Count, length - 2);
        for (var i = 0; i < kept; i++)
        {
            row[i + 1] = ids[i];
        }

        row[kept + 1] = EosTokenId;
        Array.Fill(row, PadTokenId, kept + 2, length - kept - 2);
        return row;
    }

    /// <summary>Prompts to a (B, maxLength) int64 tensor of <see cref="EncodeForModel"/> rows.</summary>
    public Tensor EncodeBatch(IReadOnlyList<string> texts, int? maxLength = null, Device? device = null)
    {
        var length = maxLength ?? ModelMaxLength;
        var rows = texts.SelectMany(text => EncodeForModel(text, length)).ToArray();
        return tensor(rows, [texts.Count, length], dtype: ScalarType.Int64, device: device);
    }

    /// <summary>Ids back to text (transformers' decode: end-of-word markers become spaces, bytes decoded as UTF-8).</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        var builder = new StringBuilder();
        foreach (var id in ids)
        {
            if (!_decoder.TryGetValue(id, out var token))
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"Token id {id} is not in the vocabulary ({VocabularySize} entries).");
            }

            if (!(skipSpecialTokens && (id == BosTokenId || id == EosTokenId || id == PadTokenId)))
            {
                builder.Append(token);
            }
        }

        var bytes = ClipByteEncoder.Decode(builder.ToString());
        return Encoding.UTF8.GetString(bytes).Replace(EndOfWord, " ", StringComparison.Ordinal).Trim();
    }

    // openai's bpe(): the word's characters with "</w>" on the last; repeatedly merge the lowest-ranked adjacent pair
    // (every occurrence, left to right) until no adjacent pair has a rank.
    private string[] Bpe(string token)
    {
        if (_cache.TryGetValue(token, out var cached))
        {
            return cached;
        }

        var runes = token.EnumerateRunes().Select(r => r.ToString()).ToList();
        runes[^1] += EndOfWord;
        var word = runes;
        while (word.Count > 1)
        {
            var best = (First: "", Second: "");
            var bestRank = int.MaxValue;
            for (var i = 0; i < word.Count - 1; i++)
            {
                if (_ranks.TryGetValue((word[i], word[i + 1]), out var rank) && rank < bestRank)
                {
                    (best, bestRank) = ((word[i], word[i + 1]), rank);
                }
            }

            if (bestRank == int.MaxValue)
            {
                break;
            }

            var merged = new List<string>(word.Count);
            for (var i = 0; i < word.Count; i++)
            {
                if (i < word.Count - 1 && word[i] == best.First && word[i + 1] == best.Second)
                {
                    merged.Add(best.First + best.Second);
                    i++;
                }
                else
                {
                    merged.Add(word[i]);
                }
            }

            word = merged;
        }

        var result = word.ToArray();
        if (_cache.Count < CacheLimit)
        {
            _cache.TryAdd(token, result);
        }

        return result;
    }

    private int IdOf(string token, string role) => _encoder.TryGetValue(token, out var id)
        ? id
        : throw new InvalidDataException($"The vocabulary has no entry for {role} '{token}'.");

    // special_tokens_map.json / tokenizer_config.json give a token either as a string or as {"content": ...}.
    private static string? ReadSpecialToken(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = ParseJson(path);
        return document.RootElement.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) => content.GetString(),
            _ => null,
        } : null;
    }

    private static int? ReadMaxLength(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = ParseJson(path);
        return document.RootElement.TryGetProperty("model_max_length", out var value) && value.TryGetInt32(out var length)
            ? length
            : null;
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }
}
