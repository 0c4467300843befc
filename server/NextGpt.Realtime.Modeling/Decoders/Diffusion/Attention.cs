using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/attention_processor.py <c>Attention</c> with its default processor: <c>to_q</c> on the hidden states,
/// <c>to_k</c>/<c>to_v</c> on the encoder states (or the hidden states themselves when there are none, which makes "cross"
/// attention self-attention), softmax(q k^T / sqrt(head_dim)) v over heads, <c>to_out.0</c> (<c>to_out.1</c> is a
/// parameter-free dropout). The VAE's mid-block variant adds a GroupNorm before, a residual after, and takes (B, C, H, W).
/// Computed by libtorch's scaled dot-product attention (same equation as diffusers' baddbmm path, float32 accumulation).
/// </summary>
public sealed class Attention : nn.Module
{
    private readonly int _heads;
    private readonly int _dimHead;
    private readonly bool _upcast;
    private readonly bool _residualConnection;
    private readonly double _rescaleOutputFactor;

    [ComponentName(Name = "group_norm")] private readonly GroupNorm? _groupNorm;
    [ComponentName(Name = "to_q")] private readonly Linear _toQ;
    [ComponentName(Name = "to_k")] private readonly Linear _toK;
    [ComponentName(Name = "to_v")] private readonly Linear _toV;
    [ComponentName(Name = "to_out")] private readonly ModuleList<nn.Module<Tensor, Tensor>> _toOut;

    /// <param name="crossAttentionDim">Width of the encoder states; null means <paramref name="queryDim"/>.</param>
    /// <param name="upcast">Compute the attention in float32 for half-precision inputs (upcast_attention/upcast_softmax).</param>
    /// <param name="normNumGroups">When given, a GroupNorm over the input channels runs first (VAE attention).</param>
    public Attention(int queryDim, int? crossAttentionDim, int heads, int dimHead, bool bias = false, bool upcast = false,
        int? normNumGroups = null, double eps = 1e-5, bool residualConnection = false, double rescaleOutputFactor = 1.0,
        Device? device = null) : base(nameof(Attention))
    {
        _heads = heads;
        _dimHead = dimHead;
        _upcast = upcast;
        _residualConnection = residualConnection;
        _rescaleOutputFactor = rescaleOutputFactor;
        var inner = heads * dimHead;
        var context = crossAttentionDim ?? queryDim;
        if (normNumGroups is { } groups)
        {
            _groupNorm = DiffusionNorms.GroupNorm(groups, queryDim, eps, device);
        }

        _toQ = nn.Linear(queryDim, inner, hasBias: bias, device: device);
        _toK = nn.Linear(context, inner, hasBias: bias, device: device);
        _toV = nn.Linear(context, inner, hasBias: bias, device: device);
        _toOut = new ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(inner, queryDim, device: device), nn.Dropout(0.0));
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, C), or (B, C, H, W) for the VAE's attention.</param>
    /// <param name="encoderHiddenStates">(B, S, C_ctx), or null to attend to the hidden states themselves.</param>
    /// <returns>The shape of <paramref name="hiddenStates"/>.</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? encoderHiddenStates = null)
    {
        using var scope = NewDisposeScope();
        var residual = hiddenStates;
        var spatial = hiddenStates.dim() == 4;
        var (batch, channels, height, width) = spatial
            ? (hiddenStates.shape[0], hiddenStates.shape[1], hiddenStates.shape[2], hiddenStates.shape[3])
            : (hiddenStates.shape[0], hiddenStates.shape[2], 1L, 1L);
        var tokens = spatial ? hiddenStates.view(batch, channels, height * width).transpose(1, 2) : hiddenStates; // (B, T, C)
        if (_groupNorm is not null)
        {
            tokens = _groupNorm.forward(tokens.transpose(1, 2)).transpose(1, 2);
        }

        var context = encoderHiddenStates ?? tokens;
        var length = tokens.shape[1];
        var q = _toQ.forward(tokens).view(batch, length, _heads, _dimHead).transpose(1, 2);                    // (B, h, T, d)
        var k = _toK.forward(context).view(batch, context.shape[1], _heads, _dimHead).transpose(1, 2);          // (B, h, S, d)
        var v = _toV.forward(context).view(batch, context.shape[1], _heads, _dimHead).transpose(1, 2);          // (B, h, S, d)
        var dtype = q.dtype;
        if (_upcast && dtype != ScalarType.Float32 && dtype != ScalarType.Float64)
        {
            (q, k, v) = (q.to_type(ScalarType.Float32), k.to_type(ScalarType.Float32), v.to_type(ScalarType.Float32));
        }

        var attended = nn.functional.scaled_dot_product_attention(q, k, v).to_type(dtype);                      // (B, h, T, d)
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _dimHead);                        // (B, T, h d)
        var output = _toOut[0].forward(merged);                                                                 // (B, T, C)
        if (spatial)
        {
            output = output.transpose(-1, -2).reshape(batch, channels, height, width);                           // (B, C, H, W)
        }

        if (_residualConnection)
        {
            output = output + residual;
        }

        return (output / _rescaleOutputFactor).MoveToOuterDisposeScope();
    }
}
