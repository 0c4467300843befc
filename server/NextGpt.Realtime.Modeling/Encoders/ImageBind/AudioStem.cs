using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// The audio <c>rgbt_stem</c> (ImageBind's <c>PatchEmbedGeneric</c> with a single Conv2d and a <c>norm_layer</c>): a
/// bias-free Conv2d, kernel 16, stride 10, over the (1, 128, 204) log-mel spectrogram (overlapping patches, 12 x 19), then
/// LayerNorm with PyTorch's default eps 1e-5 (ImageBind passes none). Keys <c>proj.weight</c>, <c>norm_layer.*</c>.
/// </summary>
public sealed class AudioStem : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "proj")] private readonly Conv2d _proj;
    [ComponentName(Name = "norm_layer")] private readonly LayerNorm _normLayer;

    public AudioStem(ImageBindConfig config, Device? device = null) : base(nameof(AudioStem))
    {
        _proj = nn.Conv2d(1, config.AudioEmbedDim, config.AudioKernelSize, stride: config.AudioStride, bias: false, device: device);
        _normLayer = nn.LayerNorm(config.AudioEmbedDim, 1e-5, device: device);
        RegisterComponents();
    }

    /// <param name="x">(B, 1, mel bins, frames).</param>
    /// <returns>(B, H'·W', D) patch tokens.</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var patches = _proj.forward(x);                                             // (B, D, H', W')
        var tokens = patches.flatten(2).transpose(1, 2);                            // (B, H'W', D)
        return _normLayer.forward(tokens).MoveToOuterDisposeScope();
    }
}
