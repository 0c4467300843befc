using System.Text.Json;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Training.ModelFolder;

/// <summary>
/// Writes <c>manifest.json</c> for a model folder the training pipeline built, naming every component folder that exists
/// (the layout the stages write: <c>llm/</c>, <c>tokenizer/</c>, <c>encoder/</c>, <c>input_projector/</c>,
/// <c>output_projectors/{image,audio,video}/</c>, <c>{image,audio,video}_decoder/...</c>). Rewritten after every stage, so
/// a partly trained folder describes exactly what it holds. The stages tokenize with one BOS per prompt (TokenizedSample),
/// so the model is served that way.
/// </summary>
public static class ModelManifestWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static NextGptModelManifest Write(string folder)
    {
        string? Existing(string relative) => Directory.Exists(Path.Combine(folder, relative)) || File.Exists(Path.Combine(folder, relative))
            ? relative.Replace('\\', '/')
            : null;

        var projectors = new Dictionary<string, string>();
        foreach (var medium in new[] { "image", "audio", "video" })
        {
            if (Existing($"output_projectors/{medium}") is { } path)
            {
                projectors[medium] = path;
            }
        }

        var manifest = new NextGptModelManifest
        {
            OutputProjectors = projectors,
            PromptBos = NextGptModelManifest.Once,
            Encoder = Existing("encoder"),
            ImageDecoder = Decoder(Existing, "image_decoder", vae: "image_decoder/vae"),
            AudioDecoder = Decoder(Existing, "audio_decoder", vae: "audio_decoder/vae"),
            VideoDecoder = Decoder(Existing, "video_decoder", vae: "image_decoder/vae", textEncoder: "image_decoder/text_encoder",
                textTokenizer: "image_decoder/text_tokenizer"),
        };
        File.WriteAllText(Path.Combine(folder, NextGptModelFolder.ManifestFile), JsonSerializer.Serialize(manifest, Indented));
        return manifest;
    }

    private static NextGptModelManifest.DecoderEntry? Decoder(Func<string, string?> existing, string root, string vae,
        string? textEncoder = null, string? textTokenizer = null)
    {
        if (existing($"{root}/unet") is not { } unet || existing(vae) is not { } vaeFolder || existing($"{root}/scheduler") is not { } scheduler)
        {
            return null;
        }

        return new NextGptModelManifest.DecoderEntry
        {
            Unet = unet,
            Vae = vaeFolder,
            Scheduler = scheduler + "/scheduler_config.json",
            Vocoder = existing($"{root}/vocoder"),
            Unconditional = existing($"{root}/unconditional.safetensors"),
            TextEncoder = existing(textEncoder ?? $"{root}/text_encoder"),
            TextTokenizer = existing(textTokenizer ?? $"{root}/text_tokenizer"),
        };
    }
}
