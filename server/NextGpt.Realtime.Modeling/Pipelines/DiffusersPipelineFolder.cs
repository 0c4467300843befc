using System.Text.Json;
using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// A whole diffusers pipeline folder as <c>DiffusionPipeline.save_pretrained</c> writes it: <c>model_index.json</c>
/// naming each component's library and class, and one sub-folder per component. The three decoders NExT-GPT uses are
/// known (runwayml/stable-diffusion-v1-5: StableDiffusionPipeline; cvssp/audioldm-l-full: AudioLDMPipeline;
/// cerspense/zeroscope_v2_576w: TextToVideoSDPipeline). <see cref="Open"/> checks every component the pipeline needs
/// (declared, of a class this port loads, folder present with its config and weights) and reports all problems at once;
/// the Load methods then build each part. Optional parts (safety_checker, feature_extractor) are ignored.
/// </summary>
public sealed class DiffusersPipelineFolder
{
    public const string StableDiffusionPipeline = "StableDiffusionPipeline";
    public const string AudioLdmPipeline = "AudioLDMPipeline";
    public const string TextToVideoSdPipeline = "TextToVideoSDPipeline";

    private const string Schedulers = "PNDMScheduler|DDIMScheduler|EulerDiscreteScheduler|DPMSolverMultistepScheduler";

    /// <summary>Per pipeline class: component name -> accepted classes ('|'-separated) and the files its folder needs.</summary>
    private static readonly Dictionary<string, (string Name, string Classes, string[] Files)[]> Requirements = new(StringComparer.Ordinal)
    {
        [StableDiffusionPipeline] =
        [
            ("unet", "UNet2DConditionModel", ["config.json"]), ("vae", "AutoencoderKL", ["config.json"]),
            ("scheduler", Schedulers, ["scheduler_config.json"]), ("text_encoder", "CLIPTextModel", ["config.json"]),
            ("tokenizer", "CLIPTokenizer|CLIPTokenizerFast", ["vocab.json", "merges.txt"]),
        ],
        [AudioLdmPipeline] =
        [
            ("unet", "UNet2DConditionModel", ["config.json"]), ("vae", "AutoencoderKL", ["config.json"]),
            ("scheduler", Schedulers, ["scheduler_config.json"]), ("text_encoder", "ClapTextModelWithProjection", ["config.json"]),
            ("tokenizer", "RobertaTokenizer|RobertaTokenizerFast", []), ("vocoder", "SpeechT5HifiGan", ["config.json"]),
        ],
        [TextToVideoSdPipeline] =
        [
            ("unet", "UNet3DConditionModel", ["config.json"]), ("vae", "AutoencoderKL", ["config.json"]),
            ("scheduler", Schedulers, ["scheduler_config.json"]), ("text_encoder", "CLIPTextModel", ["config.json"]),
            ("tokenizer", "CLIPTokenizer|CLIPTokenizerFast", ["vocab.json", "merges.txt"]),
        ],
    };

    /// <summary>Components whose folders must hold weights (*.safetensors or *.bin).</summary>
    private static readonly HashSet<string> WeightedComponents = ["unet", "vae", "text_encoder", "vocoder"];

    private readonly Dictionary<string, string> _components;

    private DiffusersPipelineFolder(string directory, string pipelineClass, Dictionary<string, string> components)
    {
        Directory = directory;
        PipelineClass = pipelineClass;
        _components = components;
    }

    public string Directory { get; }

    /// <summary>The pipeline class model_index.json names, one of the three constants.</summary>
    public string PipelineClass { get; }

    /// <summary>Component name -> the class model_index.json declares for it (the required ones, all checked).</summary>
    public IReadOnlyDictionary<string, string> Components => _components;

    /// <summary>Reads <c>model_index.json</c> and checks every part the pipeline needs.</summary>
    /// <exception cref="FileNotFoundException">No model_index.json.</exception>
    /// <exception cref="InvalidDataException">An unknown pipeline, or missing / unsupported parts (all listed).</exception>
    public static DiffusersPipelineFolder Open(string directory)
    {
        var indexPath = Path.Combine(directory, "model_index.json");
        if (!File.Exists(indexPath))
        {
            throw new FileNotFoundException(
                $"{directory} is not a diffusers pipeline folder: it has no model_index.json (a single model folder has config.json instead).", indexPath);
        }

        var (pipelineClass, declared) = ReadIndex(indexPath);
        if (pipelineClass is null || !Requirements.TryGetValue(pipelineClass, out var requirements))
        {
            throw new InvalidDataException(
                $"{indexPath}: pipeline '{pipelineClass ?? "(no _class_name)"}' is not supported (supported: {string.Join(", ", Requirements.Keys)}).");
        }

        var problems = new List<string>();
        var components = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, classes, files) in requirements)
        {
            var accepted = classes.Split('|');
            if (!declared.TryGetValue(name, out var declaredClass) || declaredClass is null)
            {
                problems.Add($"model_index.json declares no '{name}' (expected {string.Join(" or ", accepted)})");
                continue;
            }

            if (!accepted.Contains(declaredClass, StringComparer.Ordinal))
            {
                problems.Add($"'{name}' is a {declaredClass}; this port loads {string.Join(" or ", accepted)} there");
                continue;
            }

            components[name] = declaredClass;
            var folder = Path.Combine(directory, name);
            if (!System.IO.Directory.Exists(folder))
            {
                problems.Add($"the {name}/ folder is missing");
                continue;
            }

            problems.AddRange(files.Where(f => !File.Exists(Path.Combine(folder, f))).Select(f => $"{name}/{f} is missing"));
            if (WeightedComponents.Contains(name) && System.IO.Directory.GetFiles(folder, "*.safetensors").Length == 0
                && System.IO.Directory.GetFiles(folder, "*.bin").Length == 0)
            {
                problems.Add($"{name}/ holds no weights (*.safetensors or *.bin)");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{directory} is not a complete {pipelineClass} folder: {string.Join("; ", problems)}.");
        }

        return new DiffusersPipelineFolder(directory, pipelineClass, components);
    }

    /// <summary>The folder of a component the pipeline needs.</summary>
    public string ComponentDirectory(string name) => _components.ContainsKey(name)
        ? Path.Combine(Directory, name)
        : throw new InvalidOperationException($"A {PipelineClass} has no '{name}' component (it has {string.Join(", ", _components.Keys)}).");

    public UNet2DConditionModel LoadUNet2D(Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        UNet2DConditionModel.FromPretrained(Expect("unet", "UNet2DConditionModel"), device, dtype);

    public UNet3DConditionModel LoadUNet3D(Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        UNet3DConditionModel.FromPretrained(Expect("unet", "UNet3DConditionModel"), device, dtype);

    public AutoencoderKL LoadVae(Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        AutoencoderKL.FromPretrained(Expect("vae", "AutoencoderKL"), device, dtype);

    /// <summary>The scheduler configuration; its <c>_class_name</c> must be the class model_index.json declares (diffusers
    /// would build the declared class from a mismatching file with only a warning).</summary>
    public SchedulerConfig LoadSchedulerConfig()
    {
        var path = Path.Combine(ComponentDirectory("scheduler"), "scheduler_config.json");
        var config = SchedulerConfig.Load(path);
        if (config.ClassName != _components["scheduler"])
        {
            throw new InvalidDataException(
                $"{path} describes a {config.ClassName ?? "scheduler without _class_name"} but model_index.json declares a {_components["scheduler"]}.");
        }

        return config;
    }

    public ClipTextModel LoadClipTextEncoder(Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        ClipTextModel.FromPretrained(Expect("text_encoder", "CLIPTextModel"), device, dtype);

    public ClipTokenizer LoadClipTokenizer() => ClipTokenizer.FromDirectory(Expect("tokenizer", "CLIPTokenizer", "CLIPTokenizerFast"));

    public ClapTextModelWithProjection LoadClapTextEncoder(Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        ClapTextModelWithProjection.FromPretrained(Expect("text_encoder", "ClapTextModelWithProjection"), device, dtype);

    public SpeechT5HifiGan LoadVocoder(Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        SpeechT5HifiGan.FromPretrained(Expect("vocoder", "SpeechT5HifiGan"), device, dtype);

    private string Expect(string name, params string[] classes)
    {
        var folder = ComponentDirectory(name);
        return classes.Contains(_components[name], StringComparer.Ordinal)
            ? folder
            : throw new InvalidOperationException($"This {PipelineClass}'s {name} is a {_components[name]}, not a {string.Join(" or ", classes)}.");
    }

    /// <summary>model_index.json: <c>_class_name</c>, and per component <c>[library, class]</c> (<c>[null, null]</c> when absent).</summary>
    private static (string? PipelineClass, Dictionary<string, string?> Components) ReadIndex(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var pipelineClass = root.TryGetProperty("_class_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            var components = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject().Where(p => !p.Name.StartsWith('_')))
            {
                components[property.Name] = property.Value is { ValueKind: JsonValueKind.Array } value && value.GetArrayLength() == 2
                                            && value[1].ValueKind == JsonValueKind.String
                    ? value[1].GetString()
                    : null;
            }

            return (pipelineClass, components);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }
}
