using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// ImageBind's <c>RGBDTPreprocessor</c> (and <c>AudioPreprocessor</c>, its subclass): the stem's patch tokens with a
/// learned CLS token in front, plus the learned position embedding (<c>tokenize_input_and_cls_pos</c>). Keys
/// <c>cls_token</c>, <c>rgbt_stem.*</c>, <c>pos_embedding_helper.pos_embed</c>.
/// </summary>
public sealed class RgbdtPreprocessor : nn.Module<Tensor, Tensor>
{
    private readonly long _patches;

    [ComponentName(Name = "cls_token")] private readonly Parameter _clsToken;
    [ComponentName(Name = "rgbt_stem")] private readonly nn.Module<Tensor, Tensor> _rgbtStem;
    [ComponentName(Name = "pos_embedding_helper")] private readonly SpatioTemporalPosEmbeddingHelper _posEmbeddingHelper;

    /// <param name="stem">The modality's patch stem (<see cref="VisionStem"/> or <see cref="AudioStem"/>).</param>
    /// <param name="patches">Patch tokens the stem makes from a well-formed input.</param>
    public RgbdtPreprocessor(nn.Module<Tensor, Tensor> stem, long patches, long dimension, Device? device = null)
        : base(nameof(RgbdtPreprocessor))
    {
        _patches = patches;
        _clsToken = new Parameter(randn(1, 1, dimension, device: device) * Math.Pow(dimension, -0.5));
        _rgbtStem = stem;
        _posEmbeddingHelper = new SpatioTemporalPosEmbeddingHelper(1 + patches, dimension, device);
        RegisterComponents();
    }

    /// <param name="input">The stem's input, e.g. (B, 3, 224, 224) or (B, 1, 128, 204).</param>
    /// <returns>(B, 1 + patches, D) tokens for the trunk.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Preprocessing yields float32 on the CPU; follow the weights (float16 on a GPU, for instance).
        var tokens = _rgbtStem.forward(input.to(_clsToken.dtype, _clsToken.device)); // (B, N, D)
        if (tokens.shape[1] != _patches)
        {
            throw new ArgumentException($"The input [{string.Join(", ", input.shape)}] gives {tokens.shape[1]} patches; " +
                $"this encoder's position embedding has {_patches} (use the preprocessing's sizes).");
        }

        var cls = _clsToken.expand(tokens.shape[0], -1, -1);                        // (B, 1, D)
        tokens = cat([cls, tokens], 1);                                             // (B, 1 + N, D)
        return (tokens + _posEmbeddingHelper.PosEmbed).MoveToOuterDisposeScope();
    }
}
