using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders;

/// <summary>
/// A lookup table with nn.Embedding's key (<c>weight</c>, (rows, dimension)). Why not nn.Embedding: TorchSharp 0.107 builds
/// libtorch's C++ Embedding, which draws its normal initialisation on the CPU whatever the device (about a second for a
/// 49,408 x 768 table on this project's machines, meta device included), and Embedding_from_pretrained's module reads a
/// copy that state-dict loading does not reach. The weight starts as N(0, 0.02), transformers' CLIP/RoBERTa
/// initialisation, on its own device (nothing on the meta device), because the embedded model trains its text encoders
/// from scratch.
/// </summary>
public sealed class CheckpointEmbedding : nn.Module<Tensor, Tensor>
{
    private const double InitStd = 0.02;

    [ComponentName(Name = "weight")] private readonly Parameter _weight;

    public CheckpointEmbedding(long rows, long dimension, Device? device = null) : base(nameof(CheckpointEmbedding))
    {
        _weight = new Parameter(empty(rows, dimension, device: device));
        if (_weight.device_type != TorchSharp.DeviceType.META)
        {
            using var noGrad = no_grad();
            _weight.normal_(0, InitStd);
        }

        RegisterComponents();
    }

    /// <param name="ids">Any shape of int64 indices.</param>
    /// <returns>(ids..., dimension).</returns>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var rows = _weight.index_select(0, ids.reshape(-1));                     // (N, dimension)
        return rows.view([.. ids.shape, _weight.shape[1]]).MoveToOuterDisposeScope();
    }
}
