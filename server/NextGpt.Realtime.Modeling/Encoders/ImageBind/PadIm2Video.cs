using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// ImageBind's <c>PadIm2Video(pad_type="repeat", ntimes=2)</c>: an image (B, C, H, W) becomes a clip (B, C, 1, H, W), and a
/// one-frame clip is repeated to <c>ntimes</c> frames, so the vision stem's Conv3d sees the same frame twice. Clips that
/// already have several frames pass unchanged. No parameters; it sits at index 0 of the stem so the Conv3d keeps key
/// <c>proj.1</c>.
/// </summary>
public sealed class PadIm2Video : nn.Module<Tensor, Tensor>
{
    private readonly int _ntimes;

    public PadIm2Video(int ntimes) : base(nameof(PadIm2Video)) => _ntimes = ntimes;

    /// <param name="x">(B, C, H, W) or (B, C, T, H, W).</param>
    /// <returns>(B, C, T', H, W) with T' = ntimes when T was 1.</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var clip = x.dim() switch
        {
            4 => x.unsqueeze(2),                                                    // (B, C, H, W) -> (B, C, 1, H, W)
            5 => x,
            _ => throw new ArgumentException($"PadIm2Video takes (B, C, H, W) or (B, C, T, H, W); got [{string.Join(", ", x.shape)}]."),
        };
        return (clip.shape[2] == 1 ? clip.repeat(1, 1, _ntimes, 1, 1) : clip.alias()).MoveToOuterDisposeScope();
    }
}
