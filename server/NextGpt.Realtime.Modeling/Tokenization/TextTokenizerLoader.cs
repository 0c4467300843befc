namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// Opens the tokenizer of a model folder by the files it holds: <c>tokenizer.model</c> is LLaMA's SentencePiece
/// (<see cref="LlamaSentencePieceTokenizer"/>), <c>vocab.json</c> with <c>merges.txt</c> is a byte-level BPE
/// (<see cref="ByteLevelBpeTokenizer"/>). Both read the folder's added_tokens.json, special_tokens_map.json and
/// tokenizer_config.json.
/// </summary>
public static class TextTokenizerLoader
{
    public static ITextTokenizer Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The tokenizer folder '{folder}' does not exist.");
        }

        if (File.Exists(Path.Combine(folder, LlamaSentencePieceTokenizer.ModelFileName)))
        {
            return LlamaSentencePieceTokenizer.LoadFolder(folder);
        }

        if (File.Exists(Path.Combine(folder, ByteLevelBpeVocabulary.VocabFile)) || File.Exists(Path.Combine(folder, ByteLevelBpeVocabulary.MergesFile)))
        {
            return ByteLevelBpeTokenizer.LoadFolder(folder);
        }

        if (File.Exists(Path.Combine(folder, "tokenizer.json")))
        {
            throw new NotSupportedException(
                $"'{folder}' has only tokenizer.json; this loader reads tokenizer.model (SentencePiece) or vocab.json + merges.txt (BPE).");
        }

        throw new FileNotFoundException(
            $"'{folder}' holds no tokenizer: expected tokenizer.model (LLaMA SentencePiece) or vocab.json and merges.txt (byte-level BPE).");
    }
}
