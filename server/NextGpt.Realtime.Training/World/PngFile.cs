using NextGpt.Realtime.Modeling.Media.Images;
using StbImageWriteSharp;

namespace NextGpt.Realtime.Training.World;

/// <summary>Writes RGB images as PNG (StbImageWriteSharp, pure C#).</summary>
public static class PngFile
{
    public static void Write(RgbImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.Create(path);
        Write(image, stream);
    }

    public static void Write(RgbImage image, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(image);
        new ImageWriter().WritePng(image.Pixels, image.Width, image.Height, ColorComponents.RedGreenBlue, stream);
    }
}
