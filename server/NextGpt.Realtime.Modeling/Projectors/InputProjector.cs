using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// NExT-GPT's legacy input projector <c>llama_proj</c> (<c>anyToImageVideoAudio.py</c>): one Linear from ImageBind's
/// L2-normalised 1024-d embedding to one LLM token per item, shared by image, audio and video. Keys <c>weight</c>,
/// <c>bias</c> (the parent model names it <c>llama_proj</c>).
/// </summary>
public sealed class InputProjector : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")] private readonly Parameter _weight;
    [ComponentName(Name = "bias")] private readonly Parameter _bias;

    public InputProjector(InputProjectorConfig config, Device? device = null) : base(nameof(InputProjector))
    {
        Config = config;
        // nn.Linear's parameters without a second module level, so the keys are weight/bias as llama_proj's are.
        using var linear = nn.Linear(config.InDim, config.OutDim, device: device);
        _weight = new Parameter(linear.weight!.detach().clone());
        _bias = new Parameter(linear.bias!.detach().clone());
        RegisterComponents();
    }

    public InputProjectorConfig Config { get; }

    /// <param name="embeddings">(N, in_dim): one ImageBind embedding per item.</param>
    /// <returns>(N, 1, out_dim): one LLM token per item (legacy <c>encode_image</c>: <c>llama_proj(emb).unsqueeze(1)</c>).</returns>
    public override Tensor forward(Tensor embeddings)
    {
        if (embeddings.dim() != 2 || embeddings.shape[1] != Config.InDim)
        {
            throw new ArgumentException(
                $"The input projector takes (items, {Config.InDim}) embeddings; got [{string.Join(", ", embeddings.shape)}].");
        }

        using var scope = NewDisposeScope();
        return nn.functional.linear(embeddings, _weight, _bias).unsqueeze(1).MoveToOuterDisposeScope(); // (N, 1, out_dim)
    }

    /// <summary>
    /// Several items of one modality in one prompt tag become a single token: each is projected, then the projections are
    /// summed (legacy <c>_prepare_image_embed</c>: <c>torch.cat(features).sum(dim=0)</c>, so the bias counts once per item).
    /// </summary>
    /// <param name="embeddings">(K, in_dim), K at least 1.</param>
    /// <returns>(1, 1, out_dim).</returns>
    public Tensor ProjectSummed(Tensor embeddings)
    {
        if (embeddings.dim() != 2 || embeddings.shape[0] == 0)
        {
            throw new ArgumentException("ProjectSummed needs at least one embedding, shaped (items, in_dim).");
        }

        using var scope = NewDisposeScope();
        return forward(embeddings).sum(0, keepdim: true).MoveToOuterDisposeScope(); // (K, 1, D) -> (1, 1, D)
    }

    /// <summary>Loads a folder of <c>config.json</c> and <c>*.safetensors</c> holding <c>weight</c> and <c>bias</c>.</summary>
    public static InputProjector FromPretrained(string directory, Device? device = null)
    {
        var model = new InputProjector(InputProjectorConfig.Load(Path.Combine(directory, "config.json")), device);
        ModuleWeights.Load(model, ModuleWeights.FilesIn(directory));
        model.eval();
        return model;
    }
}
