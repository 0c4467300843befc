using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>
/// LLaMA with its language-model head (transformers' LlamaForCausalLM); keys <c>model.*</c> and <c>lm_head.weight</c>.
/// Returns logits and the final-norm hidden state of every position. With <c>tie_word_embeddings</c> there is no
/// lm_head module: the logits use the embedding table itself, so tying survives dtype/device conversion and resizing.
/// </summary>
public sealed class LlamaForCausalLM : nn.Module
{
    private const string LmHeadKey = "lm_head.weight";

    [ComponentName(Name = "model")] private readonly LlamaModel _model;
    [ComponentName(Name = "lm_head")] private readonly Linear? _lmHead;

    /// <param name="lora">LoRA adapters on the attention projections (NExT-GPT stage 3), or null for none.</param>
    public LlamaForCausalLM(LlamaConfig config, Device? device = null, LoraConfig? lora = null) : base(nameof(LlamaForCausalLM))
    {
        Config = config;
        _model = new LlamaModel(config, device, lora);
        _lmHead = config.TieWordEmbeddings ? null : nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device: device);
        RegisterComponents();
    }

    /// <summary>The shape; <see cref="LlamaConfig.VocabSize"/> follows <see cref="ResizeTokenEmbeddings"/>.</summary>
    public LlamaConfig Config { get; private set; }

    public LlamaModel Model => _model;

    /// <summary>(vocab, D): lm_head's weight, or the embedding table when tied.</summary>
    public Tensor LmHeadWeight => _lmHead?.weight ?? _model.EmbedTokens.Weight;

    /// <summary>Where the parameters live.</summary>
    public Device Device => _model.EmbedTokens.Weight.device;

    /// <summary>Folds every LoRA adapter into its base weight (inference after stage 3; architecture notes section 7).</summary>
    public void MergeLora()
    {
        foreach (var (_, module) in named_modules())
        {
            if (module is LoraLinear adapter)
            {
                adapter.Merge();
            }
        }
    }

    /// <summary>
    /// Grows (or shrinks) <c>embed_tokens</c> and <c>lm_head</c> to <paramref name="vocabSize"/> rows for added tokens,
    /// keeping the existing rows. New rows start at the mean of the old rows, as the new NExT-GPT code (after LLaVA's
    /// initialize_vision_tokenizer) does, so added tokens begin as an "average" token rather than noise. The new
    /// parameters are trainable (architecture notes section 3: NExT-GPT trains both matrices in every stage).
    /// </summary>
    public void ResizeTokenEmbeddings(int vocabSize)
    {
        if (vocabSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "The vocabulary size must be positive.");
        }

        var oldSize = Config.VocabSize;
        if (vocabSize == oldSize)
        {
            return;
        }

        using (no_grad())
        {
            _model.EmbedTokens.ReplaceWeight(Resized(_model.EmbedTokens.Weight, vocabSize));
            if (_lmHead is not null)
            {
                _lmHead.weight = Resized(_lmHead.weight, vocabSize);
            }
        }

        Config = Config with { VocabSize = vocabSize };
    }

    /// <param name="weight">(V, D).</param>
    /// <returns>(vocabSize, D): the first min(V, vocabSize) rows copied, any further rows the mean of the old rows; owned
    /// by the module it is given to (detached from every dispose scope).</returns>
    private static Parameter Resized(Tensor weight, int vocabSize)
    {
        using var scope = NewDisposeScope();
        var kept = Math.Min(weight.shape[0], vocabSize);
        var rows = weight.narrow(0, 0, kept);                                                   // (kept, D)
        var resized = vocabSize > kept
            ? cat([rows, weight.mean([0], keepdim: true).expand(vocabSize - kept, -1)], dim: 0)   // (vocabSize, D)
            : rows.clone();
        var parameter = new Parameter(resized.contiguous().DetachFromDisposeScope(), requires_grad: true);
        return (Parameter)parameter.DetachFromDisposeScope();
    }

    public LlamaOutput forward(LlamaInput input)
    {
        using var scope = NewDisposeScope();
        var hidden = _model.forward(input);                 // (B, T, D)
        var logits = _lmHead is null
            ? nn.functional.linear(hidden, _model.EmbedTokens.Weight)                     // (B, T, D) -> (B, T, vocab)
            : _lmHead.forward(hidden);
        return new LlamaOutput(logits.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Loads a Hugging Face LLaMA folder: <c>config.json</c> and safetensors weights (every <c>*.safetensors</c> file in
    /// the folder, so sharded checkpoints work). Weights are converted to <paramref name="dtype"/> on <paramref name="device"/>.
    /// </summary>
    /// <param name="lora">Adapters to create; their weights may be absent from the folder (they usually come from a
    /// separate tuned checkpoint such as NExT-GPT's pytorch_model.pt).</param>
    public static LlamaForCausalLM FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32,
        LoraConfig? lora = null)
    {
        var config = LlamaConfig.Load(Path.Combine(directory, "config.json"));
        var model = new LlamaForCausalLM(config, device, lora);
        if (dtype != ScalarType.Float32)
        {
            model.to(dtype);
        }

        // LLaMA-1 conversions store each layer's rotary inv_freq buffer; it is recomputed here, not loaded. A tied model's
        // checkpoint may still carry lm_head.weight (a copy of the table).
        ModuleWeights.Load(model, ModuleWeights.FilesIn(directory),
            mayBeAbsent: key => key.Contains(".lora_", StringComparison.Ordinal),
            ignore: key => key.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal) || (config.TieWordEmbeddings && key == LmHeadKey));
        model.eval();
        return model;
    }
}
