using System.CommandLine;
using System.Text.Json;
using NextGpt.Realtime.Cli.Models;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Training.Pretraining.Audio;
using NextGpt.Realtime.Training.Pretraining.Image;
using NextGpt.Realtime.Training.Pretraining.Video;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary>
/// <c>nextgpt eval-decoders [--model DIR]</c>: scores each decoder on its own, which bounds what the whole model can reach
/// (issue 6: "say what limits it"). Rows: the image VAE's round trip on held-out images and clips, the image and video
/// UNets conditioned on the held-out captions by their own text encoder (no LLM in the loop), and the audio decoder with its
/// vocoder and VAE+vocoder round trips. Prints a table; <c>--out F</c> also writes it as JSON.
/// </summary>
public static class EvalDecodersCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = $"A model folder (default: {NextGptModelFolder.EmbeddedDefault})." };
        var samples = new Option<int>("--samples") { Description = "Held-out images, clips and sounds per row.", DefaultValueFactory = _ => 40 };
        var steps = new Option<int>("--steps") { Description = "Diffusion steps.", DefaultValueFactory = _ => 20 };
        var guidance = new Option<double>("--guidance") { Description = "Classifier-free guidance scale.", DefaultValueFactory = _ => 4.0 };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the rows as JSON here." };
        var command = new Command("eval-decoders", "Score each decoder alone (from captions) and its VAE / vocoder round trips: the ceilings of the world benchmark.")
        {
            model, samples, steps, guidance, output,
        };
        command.SetAction((parse, cancellation) =>
        {
            var console = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var count = parse.GetValue(samples);
            if (count <= 0 || parse.GetValue(steps) <= 0)
            {
                error.WriteLine("nextgpt eval-decoders: --samples and --steps must be positive.");
                return Task.FromResult(2);
            }

            string folder;
            try
            {
                folder = DefaultModel.Locate(parse.GetValue(model));
            }
            catch (IOException ex)
            {
                error.WriteLine($"nextgpt eval-decoders: {ex.Message}");
                return Task.FromResult(1);
            }

            TorchRuntime.Initialize();
            var image = Path.Combine(folder, ImageDecoderPretraining.DecoderFolder);
            var vae = ImageDecoderFolder.In(image).Vae;
            var rows = new Dictionary<string, IReadOnlyDictionary<string, double>>();
            void Row(string name, IReadOnlyDictionary<string, double> rates)
            {
                rows[name] = rates;
                console.WriteLine($"| {name} | {string.Join(", ", rates.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value:P0}"))} |");
            }

            static IReadOnlyDictionary<string, double> WithAll(CheckerScore score) =>
                new Dictionary<string, double>(score.AttributePassRates) { ["all"] = score.AllPassRate };

            try
            {
                console.WriteLine($"| part ({count} held-out samples each) | checker pass rates |");
                console.WriteLine("| --- | --- |");
                Row("image VAE round trip", WithAll(ImageAutoencoderEvaluation.ScoreImages(vae, count)));
                Row("image decoder from caption", WithAll(ImageDecoderEvaluation.Score(image, count, parse.GetValue(steps), parse.GetValue(guidance))));
                Row("clip VAE round trip", WithAll(ImageAutoencoderEvaluation.ScoreClips(vae, count)));
                Row("video decoder from caption", WithAll(VideoDecoderEvaluation.Score(folder, count, parse.GetValue(steps), parse.GetValue(guidance))));
                var audio = AudioDecoderEvaluation.Run(Path.Combine(folder, AudioDecoderPretraining.DecoderFolder),
                    new AudioDecoderEvaluation.Options(count, parse.GetValue(steps), parse.GetValue(guidance)));
                Row("audio vocoder / VAE+vocoder round trips (all)", audio.Ceilings);
                Row("audio decoder from caption", audio.Accuracy);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                error.WriteLine($"nextgpt eval-decoders: {ex.Message}");
                return Task.FromResult(1);
            }

            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
