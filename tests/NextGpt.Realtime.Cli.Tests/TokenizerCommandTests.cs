using System.CommandLine;
using System.Text.Json;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class TokenizerCommandTests
{
    [Fact]
    public void Train_ThenEncode_WritesAFolderThatTheEncoderReads()
    {
        var folder = Directory.CreateTempSubdirectory("nextgpt-cli-tokenizer-").FullName;
        try
        {
            var corpus = Path.Combine(folder, "corpus.txt");
            File.WriteAllLines(corpus, Enumerable.Range(0, 50).Select(i => $"### Human: describe image {i}\n### Assistant: a cat on a sofa.[IMG0] [IMG1]"));
            var model = Path.Combine(folder, "model");

            var (trainCode, trainOutput, trainError) = Run(["tokenizer", "train", "--corpus", corpus, "--vocab-size", "320", "--out", model]);
            Assert.True(trainCode == 0, trainError);
            Assert.Contains("320 tokens", trainOutput, StringComparison.Ordinal);

            var (code, output, error) = Run(["tokenizer", "encode", "--tokenizer", model, "a cat[IMG0] [IMG1]"]);
            Assert.True(code == 0, error);
            using var line = JsonDocument.Parse(output.Trim());
            var ids = line.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(1, ids[0]);
            Assert.Equal([6, 7], ids.TakeLast(2));
            Assert.Equal("<s>a cat[IMG0][IMG1]", line.RootElement.GetProperty("decoded").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Encode_WithoutATokenizerFolder_FailsWithAMessage()
    {
        var folder = Directory.CreateTempSubdirectory("nextgpt-cli-tokenizer-").FullName;
        try
        {
            var (code, _, error) = Run(["tokenizer", "encode", "--tokenizer", folder, "hello"]);

            Assert.Equal(2, code);
            Assert.Contains("tokenizer.model", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = NextGptCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
