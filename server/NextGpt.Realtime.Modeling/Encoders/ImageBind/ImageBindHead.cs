using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// A vision/audio head, ImageBind's <c>Sequential(LayerNorm(eps 1e-6), SelectElement(0), Linear(D -> out, bias=False))</c>:
/// keys <c>0.*</c> (the LayerNorm) and <c>2.weight</c>; index 1 selects the CLS token and has no parameters. The
/// LayerNorm acts on each token alone, so selecting CLS first gives the same numbers for 1/L of the work.
/// </summary>
public sealed class ImageBindHead : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] private readonly LayerNorm _norm;
    [ComponentName(Name = "2")] private readonly Linear _proj;

    public ImageBindHead(long dimension, long outDimension, Device? device = null) : base(nameof(ImageBindHead))
    {
        _norm = nn.LayerNorm(dimension, 1e-6, device: device);
        _proj = nn.Linear(dimension, outDimension, hasBias: false, device: device);
        RegisterComponents();
    }

    /// <param name="tokens">(B, L, D) trunk output.</param>
    /// <returns>(B, out) un-normalised embedding.</returns>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var cls = tokens.select(1, 0);                                              // (B, L, D) -> (B, D)
        return _proj.forward(_norm.forward(cls)).MoveToOuterDisposeScope();         // (B, out)
    }
}
