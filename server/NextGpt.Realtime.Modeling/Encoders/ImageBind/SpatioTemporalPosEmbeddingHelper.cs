using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// ImageBind's learnable <c>SpatioTemporalPosEmbeddingHelper</c>: one position vector per token, CLS included
/// (key <c>pos_embed</c>, (1, 1 + patches, D)). ImageBind interpolates it for other patch counts; NExT-GPT's inputs are
/// always 224 x 224 and 204-frame spectrograms, so another count is refused instead.
/// </summary>
public sealed class SpatioTemporalPosEmbeddingHelper : nn.Module
{
    [ComponentName(Name = "pos_embed")] private readonly Parameter _posEmbed;

    public SpatioTemporalPosEmbeddingHelper(long tokens, long dimension, Device? device = null)
        : base(nameof(SpatioTemporalPosEmbeddingHelper))
    {
        // ImageBind's openclip-style initialisation: normal scaled by dimension^-0.5 (a checkpoint overwrites it).
        _posEmbed = new Parameter(randn(1, tokens, dimension, device: device) * Math.Pow(dimension, -0.5));
        RegisterComponents();
    }

    public Tensor PosEmbed => _posEmbed;
}
