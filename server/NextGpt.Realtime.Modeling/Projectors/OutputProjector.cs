using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Projectors;

/// <summary>
/// NExT-GPT's output projector (legacy <c>layers.py TextFcLayer</c>, mode <c>transformer</c>; the modules
/// <c>gen_text_hidden_fcs.0</c>, <c>gen_text_hidden_fcs_video.0</c>, <c>gen_text_hidden_fcs_audio.0</c>): the LLM's
/// last-layer hidden states at the signal-token positions plus those tokens' input embeddings, <c>fc</c> to d_model,
/// a pre-norm encoder-decoder transformer <c>tfm</c> whose decoder reads the learned <c>query_embs</c>, and <c>model</c>
/// to the diffusion decoder's conditioning width (architecture notes section 4.1). Keys equal the legacy checkpoint's.
/// </summary>
public sealed class OutputProjector : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "fc")] private readonly Linear _fc;
    [ComponentName(Name = "tfm")] private readonly PreNormTransformer _tfm;
    [ComponentName(Name = "query_embs")] private readonly Parameter _queryEmbs;
    [ComponentName(Name = "model")] private readonly Linear _model;

    public OutputProjector(OutputProjectorConfig config, Device? device = null) : base(nameof(OutputProjector))
    {
        config.Validate();
        Config = config;
        _fc = nn.Linear(config.InDim, config.DModel, device: device);
        _tfm = new PreNormTransformer(config, device);
        // TextFcLayer draws the queries with torch.randn; a checkpoint overwrites them.
        _queryEmbs = new Parameter(randn(1, config.NumOutputTokens, config.DModel, device: device));
        _model = nn.Linear(config.DModel, config.OutDim, device: device);
        RegisterComponents();
    }

    public OutputProjectorConfig Config { get; }

    /// <param name="hiddenStates">(B, N_sig, in_dim): last-layer (post final norm) hidden states at the signal tokens' input positions.</param>
    /// <param name="inputEmbeds">(B, N_sig, in_dim): the input embeddings of the signal tokens' ids.</param>
    /// <returns>(B, num_output_tokens, out_dim).</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor inputEmbeds)
    {
        if (hiddenStates.dim() != 3 || hiddenStates.shape[2] != Config.InDim || !hiddenStates.shape.SequenceEqual(inputEmbeds.shape))
        {
            throw new ArgumentException($"The output projector takes hidden_states and input_embeds of the same shape " +
                $"(batch, signal tokens, {Config.InDim}); got [{string.Join(", ", hiddenStates.shape)}] and " +
                $"[{string.Join(", ", inputEmbeds.shape)}].");
        }

        using var scope = NewDisposeScope();
        var x = _fc.forward(hiddenStates + inputEmbeds);                                // (B, N_sig, d_model)
        var queries = _queryEmbs.expand(x.shape[0], -1, -1);                            // (B, N_out, d_model)
        var y = _tfm.forward(x, queries);                                               // (B, N_out, d_model)
        return _model.forward(y).MoveToOuterDisposeScope();                             // (B, N_out, out_dim)
    }

    /// <summary>Loads a folder of <c>config.json</c> and <c>*.safetensors</c> with this module's keys (<c>fc.*</c>, <c>tfm.*</c>, ...).</summary>
    public static OutputProjector FromPretrained(string directory, Device? device = null)
    {
        var model = new OutputProjector(OutputProjectorConfig.Load(Path.Combine(directory, "config.json")), device);
        ModuleWeights.Load(model, ModuleWeights.FilesIn(directory));
        model.eval();
        return model;
    }
}
