using System.CommandLine;
using System.Text.Json;

namespace NextGpt.Realtime.Cli.Tests;

/// <summary>
/// The whole pipeline through the CLI at the minimal preset: <c>train --stage all</c> builds a model folder from nothing
/// (every pretraining stage, then NExT-GPT's stages 1-3), <c>eval</c> scores it on held-out dialogues and writes the report,
/// <c>generate</c> runs turns that must produce every medium. The minimal model is far too small to pass the world's
/// checkers; this proves the plumbing and that training lowers the loss.
/// </summary>
public sealed class TrainEvalGenerateTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-cli-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Train_all_at_the_minimal_preset_then_eval_and_generate()
    {
        var model = Path.Combine(_root, "model");
        var (trainCode, trainOutput, trainError) = Run(["train", "--stage", "all", "--preset", "minimal", "--out", model]);
        Assert.True(trainCode == 0, trainError + trainOutput);

        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "manifest.json"))))
        {
            var root = manifest.RootElement;
            foreach (var part in new[] { "encoder", "image_decoder", "audio_decoder", "video_decoder" })
            {
                Assert.True(root.TryGetProperty(part, out var value) && value.ValueKind != JsonValueKind.Null, $"manifest lacks {part}");
            }

            Assert.Equal(3, root.GetProperty("output_projectors").EnumerateObject().Count());
            Assert.Equal("once", root.GetProperty("prompt_bos").GetString());
        }

        // The language model's loss falls (the other stages' minimal runs are a few steps each; their logs must exist).
        var logs = Directory.GetFiles(Path.Combine(model, "training"), "*.loss.jsonl");
        Assert.Contains(logs, l => Path.GetFileName(l).StartsWith("pretrain-llm", StringComparison.Ordinal));
        var llm = Losses(logs.First(l => Path.GetFileName(l).StartsWith("pretrain-llm", StringComparison.Ordinal)));
        Assert.True(llm.TakeLast(5).Average() < llm.Take(5).Average(), $"LLM loss did not fall: {string.Join(", ", llm)}");

        var report = Path.Combine(_root, "report");
        var (evalCode, evalOutput, evalError) = Run(["eval", "--model", model, "--out", report, "--dialogues", "2", "--diversity", "3"]);
        Assert.True(evalCode == 0, evalError);
        Assert.Contains("text->image shape", evalOutput, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("<table class=\"scores\">", html, StringComparison.Ordinal);
        Assert.Contains("Diversity", html, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "media"), "*.png"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "media"), "*.wav"));

        var parts = Path.Combine(_root, "parts.json");
        var (partsCode, partsOutput, partsError) = Run(["eval-decoders", "--model", model, "--samples", "2", "--steps", "2", "--out", parts]);
        Assert.True(partsCode == 0, partsError);
        Assert.Contains("| image VAE round trip |", partsOutput, StringComparison.Ordinal);
        using (var rows = JsonDocument.Parse(File.ReadAllText(parts)))
        {
            Assert.Equal(["audio decoder from caption", "audio vocoder / VAE+vocoder round trips (all)", "clip VAE round trip",
                "image VAE round trip", "image decoder from caption", "video decoder from caption"],
                rows.RootElement.EnumerateObject().Select(row => row.Name).Order(StringComparer.Ordinal));
            Assert.All(rows.RootElement.EnumerateObject().SelectMany(row => row.Value.EnumerateObject()),
                rate => Assert.InRange(rate.Value.GetDouble(), 0.0, 1.0));
        }

        var generated = Path.Combine(_root, "generated");
        var (code, output, error) = Run(["generate", "--model", model, "--text", "show me a red circle on a sky background",
            "--persona", "Mira, the innkeeper; cheerful", "--require", "image", "--require", "audio", "--require", "video",
            "--steps", "2", "--json", "--out", generated]);
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal(["audio", "image", "video"], summary.RootElement.GetProperty("media").EnumerateArray().Select(m => m.GetString()).Order());
        Assert.True(summary.RootElement.GetProperty("timings_ms").GetProperty("first_token").GetDouble() > 0);
        var files = summary.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(files, f => f.EndsWith(".png", StringComparison.Ordinal) && f.StartsWith("image-", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".wav", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("/frame-", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(generated, f)), f));
        Assert.True(File.Exists(Path.Combine(generated, "reply.txt")));

        var corrupt = Path.Combine(_root, "corrupt.png");
        File.WriteAllBytes(corrupt, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var (badCode, _, badError) = Run(["generate", "--model", model, "--text", "what do you see?", "--image", corrupt, "--out", generated]);
        Assert.Equal(1, badCode);
        Assert.Contains("corrupt.png", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_decoders_refuses_a_missing_model_and_bad_counts()
    {
        var (missingCode, _, missingError) = Run(["eval-decoders", "--model", Path.Combine(_root, "missing")]);
        Assert.Equal(1, missingCode);
        Assert.Contains("does not exist", missingError, StringComparison.Ordinal);
        var (badCode, _, badError) = Run(["eval-decoders", "--samples", "0"]);
        Assert.Equal(2, badCode);
        Assert.Contains("--samples", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_without_a_model_folder_says_how_to_get_one()
    {
        var (code, _, error) = Run(["generate", "--model", Path.Combine(_root, "missing"), "--text", "hello", "--out", _root]);
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    private static List<double> Losses(string path) => File.ReadLines(path)
        .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("loss").GetDouble())
        .ToList();

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = NextGptCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
