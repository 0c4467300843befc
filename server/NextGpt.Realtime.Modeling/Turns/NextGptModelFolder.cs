using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using System.Text.Json;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// Loads a <see cref="NextGptModel"/> from a folder described by <see cref="NextGptModelManifest"/>: the LLM, its tokenizer
/// (which must hold NExT-GPT's added tokens, and whose size must equal the LLM's vocabulary), the projectors, and the
/// ImageBind encoder and the image, audio and video decoders that are listed. Every part is loaded strictly by its checkpoint keys; a missing part or a
/// mismatch fails with the path and the fix.
/// </summary>
public static class NextGptModelFolder
{
    public const string ManifestFile = "manifest.json";

    /// <summary>Where the embedded default model (issue 6) sits in a clone of the repository.</summary>
    public const string EmbeddedDefault = "models/nextgpt-tiny";

    /// <summary>The embedded default model in <paramref name="start"/> or the nearest folder above it that holds one (with a
    /// manifest); null when none does. The server and the CLI look from their content root or working folder.</summary>
    public static string? FindEmbeddedDefault(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, EmbeddedDefault);
            if (File.Exists(Path.Combine(candidate, ManifestFile)))
            {
                return candidate;
            }
        }

        return null;
    }

    public static NextGptModel Load(string folder, Device? device = null)
    {
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"{folder} is not a NExT-GPT model folder: it has no {ManifestFile}.", manifestPath);
        }

        var manifest = JsonSerializer.Deserialize<NextGptModelManifest>(File.ReadAllText(manifestPath))
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        string PathOf(string relative) => Path.GetFullPath(Path.Combine(folder, relative));

        var tokenizer = TextTokenizerLoader.Load(PathOf(manifest.Tokenizer));
        var llm = LlamaForCausalLM.FromPretrained(PathOf(manifest.Llm), device);
        if (llm.Config.VocabSize != tokenizer.VocabularySize)
        {
            throw new InvalidDataException($"The LLM has {llm.Config.VocabSize} embeddings but the tokenizer has {tokenizer.VocabularySize} " +
                "ids; save the LLM after resizing its embeddings for the added tokens.");
        }

        var projectors = manifest.OutputProjectors.ToDictionary(
            entry => Enum.TryParse<SignalModality>(entry.Key, ignoreCase: true, out var m)
                ? m
                : throw new InvalidDataException($"{manifestPath}: unknown output projector medium '{entry.Key}' (image, audio, video)."),
            entry => OutputProjector.FromPretrained(PathOf(entry.Value), device));
        var (image, imageUnconditional) = manifest.ImageDecoder is { } i ? ImageDecoder(i, PathOf, device) : (null, null);
        var (audio, audioUnconditional) = manifest.AudioDecoder is { } a ? AudioDecoder(a, PathOf, device) : (null, null);
        var (video, videoUnconditional) = manifest.VideoDecoder is { } v ? VideoDecoder(v, PathOf, device) : (null, null);
        var encoder = manifest.Encoder is { } e ? ImageBindModel.FromPretrained(PathOf(e), device) : null;
        encoder?.eval();
        var bosPerTextSegment = manifest.PromptBos switch
        {
            NextGptModelManifest.PerTextSegment => true,
            NextGptModelManifest.Once => false,
            _ => throw new InvalidDataException(
                $"{manifestPath}: prompt_bos is '{manifest.PromptBos}'; use '{NextGptModelManifest.PerTextSegment}' or '{NextGptModelManifest.Once}'."),
        };
        foreach (var module in new nn.Module[] { llm }.Concat(projectors.Values))
        {
            module.eval();
        }

        return new NextGptModel(llm, tokenizer, InputProjector.FromPretrained(PathOf(manifest.InputProjector), device), projectors,
            image, imageUnconditional, audio, audioUnconditional, encoder is null ? null : new ImageBindMediaEncoder(encoder),
            video, videoUnconditional, bosPerTextSegment, manifest.Defaults?.ToSettings());
    }

    private static (ImageDiffusionPipeline, Tensor?) ImageDecoder(NextGptModelManifest.DecoderEntry entry, Func<string, string> pathOf,
        Device? device)
    {
        var unet = UNet2DConditionModel.FromPretrained(pathOf(entry.Unet), device);
        var vae = AutoencoderKL.FromPretrained(pathOf(entry.Vae), device);
        unet.eval();
        vae.eval();
        var pipeline = new ImageDiffusionPipeline(unet, vae, SchedulerConfig.Load(pathOf(entry.Scheduler)), LatentRgbProjection.FitToVae(vae));
        return (pipeline, Unconditional(entry, pathOf, device));
    }

    // The video decoder's VAE may be the image decoder's folder (Zeroscope decodes with SD's VAE); both are loaded on
    // their own so either decoder can be listed alone.
    private static (VideoDiffusionPipeline, Tensor?) VideoDecoder(NextGptModelManifest.DecoderEntry entry, Func<string, string> pathOf,
        Device? device)
    {
        var unet = UNet3DConditionModel.FromPretrained(pathOf(entry.Unet), device);
        var vae = AutoencoderKL.FromPretrained(pathOf(entry.Vae), device);
        unet.eval();
        vae.eval();
        var pipeline = new VideoDiffusionPipeline(unet, vae, SchedulerConfig.Load(pathOf(entry.Scheduler)), LatentRgbProjection.FitToVae(vae));
        return (pipeline, Unconditional(entry, pathOf, device));
    }

    private static (AudioDiffusionPipeline, Tensor?) AudioDecoder(NextGptModelManifest.DecoderEntry entry, Func<string, string> pathOf,
        Device? device)
    {
        var unet = UNet2DConditionModel.FromPretrained(pathOf(entry.Unet), device);
        var vae = AutoencoderKL.FromPretrained(pathOf(entry.Vae), device);
        var vocoderPath = entry.Vocoder ?? throw new InvalidDataException("The audio decoder needs a vocoder folder in the manifest.");
        var hifiGan = SpeechT5HifiGan.FromPretrained(pathOf(vocoderPath), device);
        foreach (var module in new nn.Module[] { unet, vae, hifiGan })
        {
            module.eval();
        }

        var vocoder = new MelVocoder(hifiGan.Config.SamplingRate, hifiGan.Config.HopLength, hifiGan.Config.ModelInDim, hifiGan.forward);
        return (new AudioDiffusionPipeline(unet, vae, SchedulerConfig.Load(pathOf(entry.Scheduler)), vocoder), Unconditional(entry, pathOf, device));
    }

    private static Tensor? Unconditional(NextGptModelManifest.DecoderEntry entry, Func<string, string> pathOf, Device? device)
    {
        if (entry.Unconditional is null)
        {
            return null;
        }

        var tensors = SafeTensorsFile.Load(pathOf(entry.Unconditional), device: device);
        return tensors.TryGetValue("unconditional", out var unconditional)
            ? unconditional
            : throw new InvalidDataException($"{entry.Unconditional} has no tensor named 'unconditional'.");
    }
}
