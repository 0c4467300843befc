using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NextGpt.Realtime.Cli.Generation;
using NextGpt.Realtime.Cli.Models;
using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Media.Video;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary>
/// <c>nextgpt generate --text "..." [--image a.png] [--audio a.wav] [--video a.mp4] [--persona "..."] --out DIR [--json]</c>:
/// one any-to-any turn through a model folder (the embedded default without <c>--model</c>). Writes the reply text and
/// every generated medium (PNG, WAV, PNG frames plus an MP4 when ffmpeg is installed) and, with <c>--json</c>, prints what
/// was produced and the timings.
/// </summary>
public static class GenerateCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = $"A model folder (default: {NextGptModelFolder.EmbeddedDefault})." };
        var text = new Option<string>("--text") { Description = "What the player says.", Required = true };
        var image = new Option<FileInfo[]>("--image") { Description = "Input images (PNG or JPEG).", AllowMultipleArgumentsPerToken = false };
        var audio = new Option<FileInfo[]>("--audio") { Description = "Input sounds (WAV, or any format ffmpeg reads)." };
        var video = new Option<FileInfo[]>("--video") { Description = "Input clips (any format ffmpeg reads)." };
        var persona = new Option<string?>("--persona") { Description = "Who the NPC is, e.g. \"Brom, the blacksmith; gruff, proud of his forge\"." };
        var require = new Option<string[]>("--require") { Description = "Media the reply must produce: image, audio, video." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the reply and the media are written.", Required = true };
        var seed = new Option<long>("--seed") { Description = "Sampling and diffusion seed.", DefaultValueFactory = _ => 0 };
        var steps = new Option<int?>("--steps") { Description = "Diffusion steps (default: the model's)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary of what was produced and the timings." };
        var command = new Command("generate", "Run one any-to-any turn and write the reply and its media.")
        {
            model, text, image, audio, video, persona, require, output, seed, steps, json,
        };
        command.SetAction((parse, cancellation) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var required = (parse.GetValue(require) ?? []).Select(ParseModality).ToHashSet();
                var folder = DefaultModel.Locate(parse.GetValue(model));
                var request = new Request(parse.GetRequiredValue(text), parse.GetValue(persona), parse.GetValue(image) ?? [],
                    parse.GetValue(audio) ?? [], parse.GetValue(video) ?? [], required, parse.GetValue(seed), parse.GetValue(steps));
                return Task.FromResult(Run(folder, request, parse.GetRequiredValue(output).FullName, parse.GetValue(json),
                    parse.InvocationConfiguration.Output, cancellation));
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException or MediaFormatException or UnauthorizedAccessException)
            {
                error.WriteLine($"nextgpt generate: {ex.Message}");
                return Task.FromResult(ex is ArgumentException ? 2 : 1);
            }
        });
        return command;
    }

    private sealed record Request(string Text, string? Persona, FileInfo[] Images, FileInfo[] Sounds, FileInfo[] Clips,
        IReadOnlySet<SignalModality> Required, long Seed, int? Steps);

    private static int Run(string folder, Request request, string outputFolder, bool json, TextWriter console, CancellationToken cancellation)
    {
        TorchRuntime.Initialize();
        var clock = Stopwatch.StartNew();
        var model = NextGptModelFolder.Load(folder);
        var loadTime = clock.Elapsed;
        var media = Inputs(model, request);
        var settings = (model.Defaults ?? new TurnSettings()) with { Seed = request.Seed, Sampling = new Modeling.Sampling.SamplingOptions(Seed: request.Seed) };
        if (request.Steps is { } steps)
        {
            settings = settings with { DiffusionSteps = steps };
        }

        Directory.CreateDirectory(outputFolder);
        var writer = new TurnFiles(outputFolder, json ? null : console);
        var result = new NextGptTurnEngine(model).Run(new TurnInput(request.Text, request.Persona, Media: media,
            Required: request.Required.Count > 0 ? request.Required : null), settings, writer, cancellation);
        File.WriteAllText(Path.Combine(outputFolder, "reply.txt"), result.ReplyText + "\n");
        if (json)
        {
            console.WriteLine(JsonSerializer.Serialize(new
            {
                model = folder,
                reply = result.ReplyText,
                files = writer.Files.Prepend("reply.txt"),
                media = result.Media.Select(m => m.ToString().ToLowerInvariant()),
                prompt_tokens = result.PromptTokens,
                generated_tokens = result.GeneratedTokens,
                timings_ms = new
                {
                    load = loadTime.TotalMilliseconds,
                    first_token = result.TimeToFirstToken.TotalMilliseconds,
                    language_model = result.LanguageModelTime.TotalMilliseconds,
                    decoders = result.DecoderTime.TotalMilliseconds,
                    per_medium = writer.DecodeTimes.ToDictionary(e => e.Key.ToString().ToLowerInvariant(), e => e.Value.TotalMilliseconds),
                },
            }, Indented));
        }
        else
        {
            console.WriteLine();
            console.WriteLine($"wrote {string.Join(", ", writer.Files.Prepend("reply.txt"))} to {outputFolder} " +
                              $"(first token {result.TimeToFirstToken.TotalMilliseconds:F0} ms, decoders {result.DecoderTime.TotalMilliseconds:F0} ms)");
        }

        return 0;
    }

    private static List<InputEmbedding>? Inputs(NextGptModel model, Request request)
    {
        if (request.Images.Length + request.Sounds.Length + request.Clips.Length == 0)
        {
            return null;
        }

        var encoder = model.Encoder ?? throw new ArgumentException("This model has no encoder, so it reads text only.");
        var limits = MediaLimits.Default;
        return
        [
            .. request.Images.Select(f => encoder.EncodeImage(ImageDecoder.Decode(f.FullName, limits))),
            .. request.Sounds.Select(f => encoder.EncodeAudio(AudioDecoder.Decode(f.FullName, limits))),
            .. request.Clips.Select(f => encoder.EncodeVideo(VideoDecoder.DecodeAll(f.FullName, limits))),
        ];
    }

    private static SignalModality ParseModality(string name) => name.ToLowerInvariant() switch
    {
        "image" => SignalModality.Image,
        "audio" => SignalModality.Audio,
        "video" => SignalModality.Video,
        _ => throw new ArgumentException($"--require {name}: use image, audio or video."),
    };
}
