using System.Text.Json;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>
/// Whole diffusers pipeline folders (model_index.json + one folder per component) assembled from the tiny fixtures in
/// the layouts of SD 1.5, AudioLDM and Zeroscope: every part loads, a loaded video pipeline reproduces diffusers' loop,
/// and missing or unsupported parts are all named in one clear error.
/// </summary>
public sealed class DiffusersPipelineFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-folder-").FullName;

    public DiffusersPipelineFolderTests() => TorchRuntime.Initialize();

    [Fact]
    public void ZeroscopeLayout_LoadsEveryPart_AndRunsDiffusersLoop()
    {
        var folder = VideoFolder();
        var pipelineFolder = DiffusersPipelineFolder.Open(folder);
        Assert.Equal(DiffusersPipelineFolder.TextToVideoSdPipeline, pipelineFolder.PipelineClass);

        using var scope = NewDisposeScope();
        using var unet = pipelineFolder.LoadUNet3D();
        using var vae = pipelineFolder.LoadVae();
        using var textEncoder = pipelineFolder.LoadClipTextEncoder();
        Assert.True(pipelineFolder.LoadClipTokenizer().VocabularySize > 0);
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "loops", "video-ddim", "video.safetensors"));
        var pipeline = new VideoDiffusionPipeline(unet, vae, pipelineFolder.LoadSchedulerConfig());
        using var video = pipeline.Generate(expected["prompt_embeds"], expected["negative_prompt_embeds"],
            new VideoGenerationOptions { NumInferenceSteps = 8, GuidanceScale = 7.5, Seed = 2024, Height = 16, Width = 16, NumFrames = 3, Preview = PreviewMode.None });
        DiffusionAssert.Close(expected["latents"], video.Latents, what: "latents");
    }

    [Fact]
    public void StableDiffusionLayout_LoadsEveryPart()
    {
        var folder = Assemble("sd", DiffusersPipelineFolder.StableDiffusionPipeline, new()
        {
            ["unet"] = ("UNet2DConditionModel", Fixtures.PathOf("diffusion", "unet-tiny", "model")),
            ["vae"] = ("AutoencoderKL", Fixtures.PathOf("diffusion", "vae-tiny", "model")),
            ["scheduler"] = ("PNDMScheduler", Fixtures.PathOf("diffusion", "loops", "pndm")),
            ["text_encoder"] = ("CLIPTextModel", Fixtures.PathOf("clip-text", "model")),
            ["tokenizer"] = ("CLIPTokenizer", Fixtures.PathOf("clip-text", "tokenizer")),
        });
        var pipelineFolder = DiffusersPipelineFolder.Open(folder);

        using var unet = pipelineFolder.LoadUNet2D();
        using var vae = pipelineFolder.LoadVae();
        using var textEncoder = pipelineFolder.LoadClipTextEncoder();
        Assert.Equal("PNDMScheduler", pipelineFolder.LoadSchedulerConfig().ClassName);
        var wrongKind = Assert.Throws<InvalidOperationException>(() => pipelineFolder.LoadUNet3D());
        Assert.Contains("UNet2DConditionModel", wrongKind.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => pipelineFolder.LoadVocoder());
    }

    [Fact]
    public void AudioLdmLayout_LoadsEveryPart_IncludingTheVocoderAsAMelVocoder()
    {
        var folder = Assemble("audioldm", DiffusersPipelineFolder.AudioLdmPipeline, new()
        {
            ["unet"] = ("UNet2DConditionModel", Fixtures.PathOf("diffusion", "unet-audioldm-tiny", "model")),
            ["vae"] = ("AutoencoderKL", Fixtures.PathOf("diffusion", "vae-tiny", "model")),
            ["scheduler"] = ("DDIMScheduler", Fixtures.PathOf("diffusion", "loops", "ddim")),
            ["text_encoder"] = ("ClapTextModelWithProjection", Fixtures.PathOf("clap-text", "model")),
            ["tokenizer"] = ("RobertaTokenizer", null),
            ["vocoder"] = ("SpeechT5HifiGan", Fixtures.PathOf("vocoder", "model")),
        });
        var pipelineFolder = DiffusersPipelineFolder.Open(folder);

        using var unet = pipelineFolder.LoadUNet2D();
        using var textEncoder = pipelineFolder.LoadClapTextEncoder();
        using var vocoder = pipelineFolder.LoadVocoder();
        var mel = MelVocoder.FromHifiGan(vocoder);
        Assert.Equal(vocoder.Config.UpsampleRates.Aggregate(1, (a, b) => a * b), mel.HopLength);
        Assert.Equal(vocoder.Config.ModelInDim, mel.MelBins);
        using var scope = NewDisposeScope();
        Assert.Equal(vocoder.OutputLength(5), mel.Vocode(zeros(1, 5, mel.MelBins)).shape[1]);
    }

    [Fact]
    public void MissingAndUnsupportedParts_AreAllNamedInOneError()
    {
        var folder = VideoFolder();
        Directory.Delete(Path.Combine(folder, "vae"), recursive: true);
        File.Delete(Path.Combine(folder, "unet", "config.json"));
        foreach (var weights in Directory.GetFiles(Path.Combine(folder, "text_encoder"), "*.safetensors"))
        {
            File.Delete(weights);
        }

        RewriteIndex(folder, index => index["tokenizer"] = new[] { "transformers", "T5Tokenizer" });

        var error = Assert.Throws<InvalidDataException>(() => DiffusersPipelineFolder.Open(folder));
        Assert.Contains("vae/ folder is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("unet/config.json is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("text_encoder/ holds no weights", error.Message, StringComparison.Ordinal);
        Assert.Contains("'tokenizer' is a T5Tokenizer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPipeline_NoIndex_AndASchedulerOfAnotherClass_AreRefusedClearly()
    {
        var folder = VideoFolder();
        RewriteIndex(folder, index => index["scheduler"] = new[] { "diffusers", "EulerDiscreteScheduler" });
        var mismatch = Assert.Throws<InvalidDataException>(() => DiffusersPipelineFolder.Open(folder).LoadSchedulerConfig());
        Assert.Contains("EulerDiscreteScheduler", mismatch.Message, StringComparison.Ordinal);

        RewriteIndex(folder, index => index["_class_name"] = "StableDiffusionXLPipeline");
        var unknown = Assert.Throws<InvalidDataException>(() => DiffusersPipelineFolder.Open(folder));
        Assert.Contains("TextToVideoSDPipeline", unknown.Message, StringComparison.Ordinal);

        var model = Assert.Throws<FileNotFoundException>(() => DiffusersPipelineFolder.Open(Path.Combine(folder, "unet")));
        Assert.Contains("model_index.json", model.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string VideoFolder() => Assemble("zeroscope", DiffusersPipelineFolder.TextToVideoSdPipeline, new()
    {
        ["unet"] = ("UNet3DConditionModel", Fixtures.PathOf("diffusion", "unet3d-tiny", "model")),
        ["vae"] = ("AutoencoderKL", Fixtures.PathOf("diffusion", "vae-tiny", "model")),
        ["scheduler"] = ("DDIMScheduler", Fixtures.PathOf("diffusion", "loops", "video-ddim")),
        ["text_encoder"] = ("CLIPTextModel", Fixtures.PathOf("clip-text", "model")),
        ["tokenizer"] = ("CLIPTokenizer", Fixtures.PathOf("clip-text", "tokenizer")),
    });

    /// <summary>A pipeline folder: model_index.json plus each component's files copied (config and weights only).</summary>
    private string Assemble(string name, string pipelineClass, Dictionary<string, (string Class, string? Source)> components)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        var index = new Dictionary<string, object> { ["_class_name"] = pipelineClass, ["_diffusers_version"] = "0.17.1" };
        foreach (var (component, (cls, source)) in components)
        {
            var library = cls.Contains("Clip", StringComparison.OrdinalIgnoreCase) || cls.Contains("Clap", StringComparison.Ordinal)
                          || cls.StartsWith("Roberta", StringComparison.Ordinal) || cls == "SpeechT5HifiGan" ? "transformers" : "diffusers";
            index[component] = new[] { library, cls };
            var target = Directory.CreateDirectory(Path.Combine(folder, component)).FullName;
            foreach (var file in source is null ? [] : Directory.GetFiles(source).Where(f => !f.EndsWith("video.safetensors", StringComparison.Ordinal)
                         && !f.EndsWith("image.safetensors", StringComparison.Ordinal) && !f.EndsWith("audio.safetensors", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        index["safety_checker"] = new string?[] { null, null };
        File.WriteAllText(Path.Combine(folder, "model_index.json"), JsonSerializer.Serialize(index));
        return folder;
    }

    private static void RewriteIndex(string folder, Action<Dictionary<string, object>> edit)
    {
        var path = Path.Combine(folder, "model_index.json");
        var index = JsonSerializer.Deserialize<Dictionary<string, object>>(File.ReadAllText(path))!;
        edit(index);
        File.WriteAllText(path, JsonSerializer.Serialize(index));
    }
}
