using NextGpt.Realtime.Modeling.Media.Images;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>Decoded pixel tensors as 8-bit <see cref="RgbImage"/>s (rows top to bottom, R, G, B interleaved).</summary>
public static class RgbImageTensors
{
    /// <summary>Converts (3, H, W) or (1, 3, H, W) values in [0, 1] the way diffusers' numpy_to_pil does:
    /// <c>round(x * 255)</c> after clamping.</summary>
    public static RgbImage FromTensor(Tensor image)
    {
        using var scope = NewDisposeScope();
        var chw = image.dim() == 4 ? image[0] : image;
        if (chw.dim() != 3 || chw.shape[0] != 3)
        {
            throw new ArgumentException($"Expected a (3, H, W) image, got shape [{string.Join(", ", image.shape)}].", nameof(image));
        }

        var bytes = (chw.to_type(ScalarType.Float32).clamp(0, 1) * 255).round().to_type(ScalarType.Byte)
            .permute(1, 2, 0).contiguous().cpu();                                                  // (H, W, 3)
        return new RgbImage((int)chw.shape[2], (int)chw.shape[1], bytes.data<byte>().ToArray());
    }

    /// <summary>One image per row of a (B, 3, H, W) batch in [0, 1].</summary>
    public static RgbImage[] FromBatch(Tensor images) =>
        Enumerable.Range(0, (int)images.shape[0]).Select(i =>
        {
            using var row = images[i];
            return FromTensor(row);
        }).ToArray();
}
