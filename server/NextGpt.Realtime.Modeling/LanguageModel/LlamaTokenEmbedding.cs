using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>
/// The token embedding table (<c>embed_tokens.weight</c>, (vocab, D)), a lookup of rows. Written as a managed module
/// rather than TorchSharp's nn.Embedding, which 0.107 builds on the CPU and then moves: a 7B model's table would be
/// allocated and initialised (0.5 GB) even on the meta device. It can also be given a resized table for added tokens.
/// </summary>
public sealed class LlamaTokenEmbedding : nn.Module<Tensor, Tensor>
{
    // transformers' LlamaPreTrainedModel._init_weights: normal(0, initializer_range 0.02).
    private const double InitStd = 0.02;

    [ComponentName(Name = "weight")] private Parameter _weight;

    public LlamaTokenEmbedding(long vocabSize, long dimension, Device? device = null) : base(nameof(LlamaTokenEmbedding))
    {
        using (no_grad())
        {
            _weight = new Parameter(empty(vocabSize, dimension, device: device).normal_(0, InitStd));
        }

        RegisterComponents();
    }

    /// <summary>(vocab, D).</summary>
    public Parameter Weight => _weight;

    /// <param name="input">(B, T) int64 token ids.</param>
    /// <returns>(B, T, D).</returns>
    public override Tensor forward(Tensor input)
    {
        using var flat = input.reshape(-1);
        using var rows = _weight.index_select(0, flat);                        // (B * T, D)
        return rows.view([.. input.shape, _weight.shape[1]]);                  // (B, T, D)
    }

    /// <summary>Swaps in a new table (resizing for added tokens); the module takes ownership and frees the old one.</summary>
    internal void ReplaceWeight(Parameter weight)
    {
        if (ReferenceEquals(weight, _weight))
        {
            return;
        }

        _weight.Dispose();
        _weight = weight;
        ConditionallyRegisterParameter("weight", weight);
    }
}
