using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary>
/// <c>nextgpt tokenizer encode --tokenizer DIR TEXT...</c> prints the ids, pieces and decode of each text as one JSON line
/// (tools/reference/check_llama_tokenizer.py compares them with sentencepiece on LLaMA's own tokenizer.model);
/// <c>nextgpt tokenizer train --corpus FILE --vocab-size N --out DIR</c> trains the byte-level BPE of a small model.
/// </summary>
public static class TokenizerCommand
{
    private static readonly JsonSerializerOptions JsonLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("tokenizer", "Encode text with a model folder's tokenizer, or train a byte-level BPE.");
        command.Subcommands.Add(CreateEncode());
        command.Subcommands.Add(CreateTrain());
        return command;
    }

    private static Command CreateEncode()
    {
        var folder = new Option<DirectoryInfo>("--tokenizer") { Description = "Folder with tokenizer.model, or vocab.json and merges.txt.", Required = true };
        var noBos = new Option<bool>("--no-bos") { Description = "Do not put the BOS id first." };
        var texts = new Argument<string[]>("text") { Description = "Texts to encode.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("encode", "Print ids, pieces and the decode of each text as one JSON line.") { folder, noBos, texts };
        command.SetAction(parse =>
        {
            ITextTokenizer tokenizer;
            try
            {
                tokenizer = TextTokenizerLoader.Load(parse.GetRequiredValue(folder).FullName);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"nextgpt tokenizer encode: {e.Message}");
                return 2;
            }

            foreach (var text in parse.GetRequiredValue(texts))
            {
                var ids = tokenizer.Encode(text, addBos: !parse.GetValue(noBos));
                var line = new
                {
                    text,
                    ids,
                    pieces = ids.Select(tokenizer.TokenPiece),
                    decoded = tokenizer.Decode(ids, skipSpecialTokens: false),
                };
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(line, JsonLine));
            }

            return 0;
        });
        return command;
    }

    private static Command CreateTrain()
    {
        var corpus = new Option<FileInfo>("--corpus") { Description = "UTF-8 text file; each line is one training text.", Required = true };
        var size = new Option<int>("--vocab-size") { Description = "Ids in the vocabulary, special tokens and bytes included.", Required = true };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Stop when no pair occurs this often.", DefaultValueFactory = _ => 2 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for vocab.json, merges.txt and the token files.", Required = true };
        var command = new Command("train", "Train a byte-level BPE with NExT-GPT's special tokens reserved.") { corpus, size, minFrequency, output };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var corpusFile = parse.GetRequiredValue(corpus);
            if (!corpusFile.Exists)
            {
                error.WriteLine($"nextgpt tokenizer train: corpus file {corpusFile.FullName} does not exist.");
                return 2;
            }

            ByteLevelBpeVocabulary vocabulary;
            try
            {
                vocabulary = ByteLevelBpeTrainer.Train(File.ReadLines(corpusFile.FullName), parse.GetValue(size), parse.GetValue(minFrequency));
            }
            catch (ArgumentOutOfRangeException e)
            {
                error.WriteLine($"nextgpt tokenizer train: {e.Message}");
                return 2;
            }

            var folder = parse.GetRequiredValue(output).FullName;
            vocabulary.Save(folder);
            parse.InvocationConfiguration.Output.WriteLine(
                $"{vocabulary.Tokens.Count} tokens ({vocabulary.Merges.Count} merges) written to {folder}");
            return 0;
        });
        return command;
    }
}
