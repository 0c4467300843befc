using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Layers;

/// <summary>
/// PyTorch's <c>nn.MultiheadAttention</c> (torch 1.13, <c>F.multi_head_attention_forward</c>) with its state-dict layout:
/// a fused <c>in_proj_weight</c> (3E, E) and <c>in_proj_bias</c> (3E), <c>out_proj</c> (E -> E), and with
/// <c>add_bias_kv</c> the learned <c>bias_k</c>/<c>bias_v</c> (1, 1, E) appended as one extra key/value position after
/// the projection. Used by ImageBind's trunks (its audio trunk has bias_k/bias_v) and by the output projectors'
/// nn.Transformer. No masks and no dropout: neither user passes one at inference. Inputs are batch-first; PyTorch's
/// (L, B, E) layout only changes where the batch axis sits, not the arithmetic.
/// </summary>
public sealed class MultiheadAttention : nn.Module
{
    private readonly long _embedDim;
    private readonly long _heads;

    [ComponentName(Name = "in_proj_weight")] private readonly Parameter _inProjWeight;
    [ComponentName(Name = "in_proj_bias")] private readonly Parameter? _inProjBias;
    [ComponentName(Name = "bias_k")] private readonly Parameter? _biasK;
    [ComponentName(Name = "bias_v")] private readonly Parameter? _biasV;
    [ComponentName(Name = "out_proj")] private readonly Linear _outProj;

    /// <param name="embedDim">E, the model width (query, key and value all have it, as in every user here).</param>
    /// <param name="numHeads">Heads; E must split evenly into them.</param>
    /// <param name="bias">Whether in_proj and out_proj have biases (PyTorch's <c>bias</c>).</param>
    /// <param name="addBiasKv">PyTorch's <c>add_bias_kv</c>: one learned key and value appended to every sequence.</param>
    public MultiheadAttention(long embedDim, long numHeads, bool bias = true, bool addBiasKv = false, Device? device = null)
        : base(nameof(MultiheadAttention))
    {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0)
        {
            throw new ArgumentException($"embed_dim {embedDim} must be positive and split evenly into {numHeads} heads.");
        }

        _embedDim = embedDim;
        _heads = numHeads;
        // PyTorch's _reset_parameters: xavier-uniform in_proj, zero biases, xavier-normal bias_k/bias_v.
        _inProjWeight = new Parameter(empty(3 * embedDim, embedDim, device: device));
        _outProj = nn.Linear(embedDim, embedDim, hasBias: bias, device: device);
        using (no_grad())
        {
            nn.init.xavier_uniform_(_inProjWeight);
            if (bias)
            {
                _inProjBias = new Parameter(zeros(3 * embedDim, device: device));
                _outProj.bias!.zero_();
            }

            if (addBiasKv)
            {
                _biasK = new Parameter(nn.init.xavier_normal_(empty(1, 1, embedDim, device: device)));
                _biasV = new Parameter(nn.init.xavier_normal_(empty(1, 1, embedDim, device: device)));
            }
        }

        RegisterComponents();
    }

    /// <summary>Self-attention: query, key and value are <paramref name="x"/>.</summary>
    /// <param name="x">(B, L, E).</param>
    /// <returns>(B, L, E).</returns>
    public Tensor forward(Tensor x) => forward(x, x, x);

    /// <param name="query">(B, Lq, E).</param>
    /// <param name="key">(B, Lk, E).</param>
    /// <param name="value">(B, Lk, E).</param>
    /// <returns>(B, Lq, E).</returns>
    public Tensor forward(Tensor query, Tensor key, Tensor value)
    {
        CheckInput(query, nameof(query));
        CheckInput(key, nameof(key));
        CheckInput(value, nameof(value));
        using var scope = NewDisposeScope();
        var batch = query.shape[0];
        var (q, k, v) = Project(query, key, value);                                  // each (B, L, E)
        if (_biasK is not null && _biasV is not null)
        {
            k = cat([k, _biasK.expand(batch, 1, _embedDim)], 1);                    // (B, Lk + 1, E)
            v = cat([v, _biasV.expand(batch, 1, _embedDim)], 1);                    // (B, Lk + 1, E)
        }

        var attended = nn.functional.scaled_dot_product_attention(
            SplitHeads(q), SplitHeads(k), SplitHeads(v));                            // (B, H, Lq, hd)
        var merged = attended.transpose(1, 2).reshape(batch, query.shape[1], _embedDim); // (B, Lq, E)
        return _outProj.forward(merged).MoveToOuterDisposeScope();
    }

    private (Tensor Q, Tensor K, Tensor V) Project(Tensor query, Tensor key, Tensor value)
    {
        if (ReferenceEquals(query, key) && ReferenceEquals(key, value))
        {
            // Self-attention: one matmul for q, k and v, as PyTorch's _in_projection_packed does.
            var qkv = nn.functional.linear(query, _inProjWeight, _inProjBias).chunk(3, -1); // 3 x (B, L, E)
            return (qkv[0], qkv[1], qkv[2]);
        }

        var weights = _inProjWeight.chunk(3, 0);                                     // 3 x (E, E)
        var biases = _inProjBias?.chunk(3, 0);                                       // 3 x (E)
        return (nn.functional.linear(query, weights[0], biases?[0]),
            nn.functional.linear(key, weights[1], biases?[1]),
            nn.functional.linear(value, weights[2], biases?[2]));
    }

    private Tensor SplitHeads(Tensor x) =>
        x.view(x.shape[0], x.shape[1], _heads, _embedDim / _heads).transpose(1, 2); // (B, L, E) -> (B, H, L, hd)

    private void CheckInput(Tensor x, string name)
    {
        if (x.dim() != 3 || x.shape[2] != _embedDim)
        {
            throw new ArgumentException(
                $"MultiheadAttention {name} must be (batch, length, {_embedDim}); got [{string.Join(", ", x.shape)}].");
        }
    }
}
