using NextGpt.Realtime.Modeling.Media.Images;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;

/// <summary>
/// ImageBind's vision transform (<c>data.py load_and_transform_vision_data</c>, torchvision 0.14 on a PIL image):
/// <c>Resize(224, BICUBIC)</c> of the short side, <c>CenterCrop(224)</c>, <c>ToTensor</c> (/255), CLIP <c>Normalize</c>.
/// Gives (3, 224, 224) float32; stack several for the encoder's (B, 3, 224, 224).
/// </summary>
public static class ImageBindImageTransform
{
    public const int Size = 224;

    public static Tensor Apply(RgbImage image, int size = Size)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = ResizedSize(image.Width, image.Height, size);
        var resized = PilBicubicResize.Resize(image, width, height);
        var (left, top) = CenterCropOrigin(width, height, size);
        var cropped = resized.Crop(left, top, size, size);
        return ToNormalizedTensor(cropped);
    }

    /// <summary>
    /// torchvision's <c>_compute_resized_output_size</c> for an int size: the short side becomes <paramref name="size"/>,
    /// the long side <c>int(size * long / short)</c> (truncated, in double precision as Python computes it).
    /// </summary>
    public static (int Width, int Height) ResizedSize(int width, int height, int size)
    {
        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        var newLong = (int)((double)size * longSide / shortSide);
        return width <= height ? (size, newLong) : (newLong, size);
    }

    /// <summary>torchvision's <c>center_crop</c>: <c>int(round((side - crop) / 2.0))</c>, Python's round-half-to-even.</summary>
    public static (int Left, int Top) CenterCropOrigin(int width, int height, int size)
    {
        if (width < size || height < size)
        {
            throw new ArgumentException($"A {width}x{height} image is smaller than the {size}x{size} crop.");
        }

        return ((int)Math.Round((width - size) / 2.0, MidpointRounding.ToEven), (int)Math.Round((height - size) / 2.0, MidpointRounding.ToEven));
    }

    /// <summary>HWC bytes -> (3, H, W) float32 in [0, 1] (ToTensor), then (x - mean) / std per channel (Normalize), in float32 as torch does.</summary>
    public static Tensor ToNormalizedTensor(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Pixels, [image.Height, image.Width, 3], ScalarType.Byte);
        var chw = hwc.permute(2, 0, 1).to_type(ScalarType.Float32).div(255f);   // (H, W, 3) -> (3, H, W)
        var mean = tensor(ClipNormalization.Mean.ToArray()).view(3, 1, 1);
        var std = tensor(ClipNormalization.Std.ToArray()).view(3, 1, 1);
        return chw.sub(mean).div(std).contiguous().MoveToOuterDisposeScope();
    }
}
