using StbImageWriteSharp;

namespace NextGpt.Realtime.Modeling.Media.Images;

/// <summary>Writes an <see cref="RgbImage"/> as PNG (lossless) or JPEG (baseline, quality 1-100) bytes.</summary>
public static class ImageEncoder
{
    public static byte[] EncodePng(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(image.Pixels, image.Width, image.Height, ColorComponents.RedGreenBlue, stream);
        return stream.ToArray();
    }

    public static byte[] EncodeJpeg(RgbImage image, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        using var stream = new MemoryStream();
        new ImageWriter().WriteJpg(image.Pixels, image.Width, image.Height, ColorComponents.RedGreenBlue, stream, quality);
        return stream.ToArray();
    }
}
