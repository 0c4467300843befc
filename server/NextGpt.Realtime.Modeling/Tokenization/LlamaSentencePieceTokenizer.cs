using System.Text;
using Microsoft.ML.Tokenizers;

namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// LLaMA's SentencePiece tokenizer (<c>tokenizer.model</c>, read by Microsoft.ML.Tokenizers' <see cref="LlamaTokenizer"/>)
/// with NExT-GPT's 38 added tokens, behaving as the legacy slow <c>LlamaTokenizer(use_fast=False)</c> of transformers 4.29
/// that NExT-GPT was trained with.
/// </summary>
/// <remarks>
/// <para>Encode: the text is split on the added tokens and on <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;unk&gt;</c>
/// (<see cref="AddedTokenSplitter"/>), and each text segment is normalized by Microsoft.ML.Tokenizers (dummy-prefix space,
/// <c>▁</c> for spaces) and encoded on its own by SentencePiece's BPE (<see cref="SentencePieceBpeEncoder"/>, which keeps
/// sentencepiece's order of equal-score merges where the library's own encoder does not). The added tokens get ids after the model's pieces in NExT-GPT's order (<see cref="SignalTokens"/>):
/// 32000..32037 with LLaMA's 32,000 pieces. Further tokens from <c>added_tokens.json</c> follow them.</para>
/// <para>Decode (PreTrainedTokenizer._decode with spaces_between_special_tokens, LlamaTokenizer.convert_tokens_to_string):
/// runs of pieces are decoded by SentencePiece's rules (<see cref="SentencePieceDecoder"/>: byte-fallback pieces are read
/// as UTF-8, an incomplete character is U+FFFD), added tokens are their text, and the parts are joined with single spaces,
/// which is why NExT-GPT's replies read <c>"... [IMG0] [IMG1] [IMG2] [IMG3]"</c>. Control tokens inside a run are written
/// literally (with the legacy code's space before them) unless skipped.</para>
/// </remarks>
public sealed class LlamaSentencePieceTokenizer : ITextTokenizer
{
    public const string ModelFileName = "tokenizer.model";

    private readonly SentencePieceTokenizer _model;
    private readonly SentencePieceBpeEncoder _encoder;
    private readonly SentencePieceDecoder _pieces;
    private readonly AddedToken[] _added;
    private readonly Dictionary<string, AddedToken> _addedByText;
    private readonly HashSet<int> _controlIds;
    private readonly AddedTokenSplitter _splitter;

    private LlamaSentencePieceTokenizer(SentencePieceTokenizer model, SentencePieceModelPieces proto, string source, TokenizerFolderFiles files)
    {
        _model = model;
        var pieces = PiecesById(model.Vocabulary, source);
        if (!pieces.SequenceEqual(proto.Pieces, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"The pieces of '{source}' do not read the same through Microsoft.ML.Tokenizers and protobuf.");
        }

        BaseVocabularySize = pieces.Length;

        int PieceId(string? text, int fallback, string role) => text is null
            ? fallback
            : model.Vocabulary.TryGetValue(text, out var id)
                ? id
                : throw new InvalidDataException($"The {role} token '{text}' named by the tokenizer files is not a piece of '{source}'.");

        var bos = PieceId(files.BosToken, model.BeginningOfSentenceId, "BOS");
        var eos = PieceId(files.EosToken, model.EndOfSentenceId, "EOS");
        var unknown = PieceId(files.UnknownToken, model.UnknownId, "unknown");
        // LLaMA has no padding piece; NExT-GPT sets pad_token = eos_token.
        var pad = PieceId(files.PadToken, eos, "padding");
        SpecialIds = new SpecialTokenIds(bos, eos, unknown, pad);
        _controlIds = [bos, eos, unknown, pad];
        _pieces = new SentencePieceDecoder(proto);
        _encoder = new SentencePieceBpeEncoder(proto, model.UnknownId, model.ByteFallback);

        _added = [.. AddedTokenIds(files.AddedTokens, model.Vocabulary, BaseVocabularySize, source)
            .Select((text, i) => new AddedToken(text, BaseVocabularySize + i, StripsWhitespace: true, IsControl: false))];
        _addedByText = _added.ToDictionary(t => t.Text, StringComparer.Ordinal);
        var controls = _controlIds.Distinct().Select(id => new AddedToken(pieces[id], id, StripsWhitespace: false, IsControl: true));
        _splitter = new AddedTokenSplitter([.. _added, .. controls]);
        Signals = SignalTokens.Resolve(TokenId);
        AddBosByDefault = files.AddBosToken;
        AddEosByDefault = files.AddEosToken;
    }

    /// <summary>Number of SentencePiece pieces (32,000 for LLaMA); the added tokens come after them.</summary>
    public int BaseVocabularySize { get; }

    public int VocabularySize => BaseVocabularySize + _added.Length;

    public SpecialTokenIds SpecialIds { get; }

    public SignalTokens Signals { get; }

    /// <summary><c>add_bos_token</c> of tokenizer_config.json (true without it).</summary>
    public bool AddBosByDefault { get; }

    /// <summary><c>add_eos_token</c> of tokenizer_config.json (false without it).</summary>
    public bool AddEosByDefault { get; }

    /// <summary>The added tokens (NExT-GPT's 38 first) with their ids.</summary>
    public IReadOnlyList<AddedToken> AddedTokens => _added;

    /// <summary>Loads <c>tokenizer.model</c> and the optional JSON files of a Hugging Face tokenizer folder.</summary>
    public static LlamaSentencePieceTokenizer LoadFolder(string folder) =>
        Load(Path.Combine(folder, ModelFileName), TokenizerFolderFiles.Read(folder));

    /// <summary>Loads a SentencePiece model file; <paramref name="files"/> adds a folder's added and special tokens.</summary>
    public static LlamaSentencePieceTokenizer Load(string modelPath, TokenizerFolderFiles? files = null)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException(
                $"The SentencePiece model '{modelPath}' was not found. A LLaMA/Vicuna tokenizer folder holds tokenizer.model.", modelPath);
        }

        using var stream = File.OpenRead(modelPath);
        return FromStream(stream, files, modelPath);
    }

    /// <summary>Reads a SentencePiece model (a serialized sentencepiece ModelProto) from a stream.</summary>
    public static LlamaSentencePieceTokenizer FromStream(Stream modelStream, TokenizerFolderFiles? files = null, string source = "the stream")
    {
        ArgumentNullException.ThrowIfNull(modelStream);
        using var copy = new MemoryStream();
        modelStream.CopyTo(copy);
        var bytes = copy.ToArray();
        SentencePieceTokenizer model;
        try
        {
            model = LlamaTokenizer.Create(new MemoryStream(bytes), addBeginOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException(
                $"'{source}' is not a SentencePiece BPE model (tokenizer.model): {e.Message} A file that starts with '<!doctype html>' " +
                "is a web page saved in place of the model; a file of about 130 bytes is a Git LFS pointer.", e);
        }

        return new LlamaSentencePieceTokenizer(model, SentencePieceModelPieces.Parse(bytes, source), source, files ?? new TokenizerFolderFiles());
    }

    public IReadOnlyList<int> Encode(string text, bool addBos, bool addEos = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        if (addBos)
        {
            ids.Add(SpecialIds.Bos);
        }

        foreach (var segment in _splitter.Split(text))
        {
            if (segment.Token is { } token)
            {
                ids.Add(token.Id);
            }
            else
            {
                _encoder.Encode(_model.Normalizer?.Normalize(segment.Text!) ?? segment.Text!, ids);
            }
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
        var parts = new List<string>();
        var run = new List<int>();
        foreach (var id in ids)
        {
            CheckId(id);
            if (skipSpecialTokens && _controlIds.Contains(id))
            {
                continue;
            }

            if (id >= BaseVocabularySize)
            {
                if (run.Count > 0)
                {
                    parts.Add(DecodeRun(run));
                    run.Clear();
                }

                parts.Add(_added[id - BaseVocabularySize].Text);
            }
            else
            {
                run.Add(id);
            }
        }

        if (run.Count > 0)
        {
            parts.Add(DecodeRun(run));
        }

        return string.Join(' ', parts);
    }

    public string TokenPiece(int id)
    {
        CheckId(id);
        return id < BaseVocabularySize ? _pieces.PieceOf(id) : _added[id - BaseVocabularySize].Text;
    }

    public int? TokenId(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        if (_addedByText.TryGetValue(piece, out var token))
        {
            return token.Id;
        }

        return _model.Vocabulary.TryGetValue(piece, out var id) ? id : null;
    }

    /// <summary>SentencePiece's own decode of piece ids (no added tokens), as <c>SentencePieceProcessor.decode</c> gives it.</summary>
    internal string DecodePieces(IReadOnlyList<int> ids)
    {
        foreach (var id in ids)
        {
            if (id < 0 || id >= BaseVocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Piece ids are 0..{BaseVocabularySize - 1}.");
            }
        }

        return _pieces.Decode(ids);
    }

    /// <summary>LlamaTokenizer.convert_tokens_to_string (4.29): control pieces are written literally, with a space before
    /// them unless they start the run or follow another one; the pieces between them are decoded by SentencePiece.</summary>
    private string DecodeRun(List<int> run)
    {
        var text = new StringBuilder();
        var pending = new List<int>();
        var previousWasControl = false;
        for (var k = 0; k < run.Count; k++)
        {
            var id = run[k];
            if (_controlIds.Contains(id))
            {
                if (!previousWasControl && k != 0)
                {
                    text.Append(' ');
                }

                text.Append(_pieces.Decode(pending)).Append(_pieces.PieceOf(id));
                pending.Clear();
                previousWasControl = true;
            }
            else
            {
                pending.Add(id);
                previousWasControl = false;
            }
        }

        return text.Append(_pieces.Decode(pending)).ToString();
    }

    private void CheckId(int id)
    {
        if (id < 0 || id >= VocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids of this tokenizer are 0..{VocabularySize - 1}.");
        }
    }

    private static string[] PiecesById(IReadOnlyDictionary<string, int> vocabulary, string source)
    {
        if (vocabulary.Count == 0)
        {
            throw new InvalidDataException($"'{source}' holds no pieces; it is not a SentencePiece model.");
        }

        var pieces = new string[vocabulary.Count];
        foreach (var (piece, id) in vocabulary)
        {
            if (id < 0 || id >= pieces.Length || pieces[id] is not null)
            {
                throw new InvalidDataException($"The piece ids of '{source}' are not 0..{pieces.Length - 1} (piece '{piece}' has {id}).");
            }

            pieces[id] = piece;
        }

        return pieces;
    }

    /// <summary>NExT-GPT's 38 tokens, then any further tokens of added_tokens.json in id order. A folder saved by NExT-GPT
    /// lists the same 38 with the same ids; other ids for them mean another model's tokenizer.</summary>
    private static List<string> AddedTokenIds(IReadOnlyDictionary<string, int> fromFile, IReadOnlyDictionary<string, int> vocabulary,
        int baseSize, string source)
    {
        var texts = SignalTokens.AddedTokenTexts.ToList();
        foreach (var (text, id) in fromFile.OrderBy(pair => pair.Value))
        {
            var index = texts.IndexOf(text);
            if (index >= 0 && baseSize + index != id)
            {
                throw new InvalidDataException(
                    $"added_tokens.json gives '{text}' the id {id}, but NExT-GPT's tokenizer has it at {baseSize + index} " +
                    $"(the {baseSize} pieces of '{source}' plus NExT-GPT's added tokens in order).");
            }

            if (index >= 0 || (vocabulary.TryGetValue(text, out var existing) && existing == id))
            {
                continue;
            }

            if (id != baseSize + texts.Count)
            {
                throw new InvalidDataException(
                    $"added_tokens.json gives '{text}' the id {id}; the next free id after the pieces of '{source}' and the added " +
                    $"tokens before it is {baseSize + texts.Count}.");
            }

            texts.Add(text);
        }

        return texts;
    }
}
