using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

/// <summary>
/// The CLIP text encoder as transformers' CLIPTextModel (keys <c>text_model.*</c>): Stable Diffusion 1.5's
/// <c>text_encoder/</c>. NExT-GPT needs it for the classifier-free-guidance embedding CLIP("") and for caption targets
/// (architecture notes sections 4.2 and 5.1).
/// </summary>
public sealed class ClipTextModel : nn.Module
{
    private const string PositionIdsKey = "text_model.embeddings.position_ids";

    [ComponentName(Name = "text_model")] private readonly ClipTextTransformer _textModel;

    public ClipTextModel(ClipTextConfig config, Device? device = null) : base(nameof(ClipTextModel))
    {
        Config = config;
        _textModel = new ClipTextTransformer(config, device);
        RegisterComponents();
    }

    public ClipTextConfig Config { get; }

    /// <param name="inputIds">(B, T) int64.</param>
    /// <param name="attentionMask">Optional (B, T) padding mask (Stable Diffusion 1.5 passes none).</param>
    public ClipTextOutput forward(Tensor inputIds, Tensor? attentionMask = null) => _textModel.forward(inputIds, attentionMask);

    /// <summary>
    /// Loads a transformers CLIP text folder (<c>config.json</c> and <c>*.safetensors</c>, such as SD 1.5's
    /// <c>text_encoder/</c>). The <c>position_ids</c> buffer some checkpoints carry is ignored.
    /// </summary>
    public static ClipTextModel FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var model = new ClipTextModel(ClipTextConfig.Load(Path.Combine(directory, "config.json")), device);
        if (dtype != ScalarType.Float32)
        {
            model.to(dtype);
        }

        ModuleWeights.Load(model, ModuleWeights.FilesIn(directory), ignore: key => key == PositionIdsKey);
        model.eval();
        return model;
    }
}
