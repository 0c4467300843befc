using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// The vision <c>rgbt_stem</c> (ImageBind's <c>PatchEmbedGeneric</c> with <c>proj = Sequential(PadIm2Video, Conv3d)</c>):
/// frames repeated to a 2-frame clip, a bias-free Conv3d with kernel = stride (2, 14, 14) cuts it into tubelet patches,
/// flattened to tokens. Key <c>proj.1.weight</c> (out, 3, kt, kh, kw).
/// </summary>
public sealed class VisionStem : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "proj")] private readonly Sequential _proj;

    public VisionStem(ImageBindConfig config, Device? device = null) : base(nameof(VisionStem))
    {
        var kernel = ((long)config.KernelSize[0], (long)config.KernelSize[1], (long)config.KernelSize[2]);
        _proj = nn.Sequential(
            ("0", new PadIm2Video(config.VideoFrames)),
            ("1", nn.Conv3d(3, config.VisionEmbedDim, kernel, stride: kernel, bias: false, device: device)));
        RegisterComponents();
    }

    /// <param name="x">(B, 3, H, W) images or (B, 3, T, H, W) clips.</param>
    /// <returns>(B, T'·H'·W', D) patch tokens.</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var patches = _proj.forward(x);                                             // (B, D, T', H', W')
        return patches.flatten(2).transpose(1, 2).MoveToOuterDisposeScope();        // (B, T'H'W', D)
    }
}
