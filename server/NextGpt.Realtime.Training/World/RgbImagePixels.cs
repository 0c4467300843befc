using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Training.World;

/// <summary>Pixel access to the project's one <see cref="RgbImage"/> (Modeling/Media/Images) in the world's
/// <see cref="Rgb"/> colors, for the rasteriser and the checkers.</summary>
public static class RgbImagePixels
{
    /// <summary>A new image filled with one color (black by default).</summary>
    public static RgbImage Blank(int width, int height, Rgb fill = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var image = new RgbImage(width, height, new byte[checked(width * height * 3)]);
        image.Fill(fill);
        return image;
    }

    public static Rgb GetPixel(this RgbImage image, int x, int y)
    {
        var offset = Offset(image, x, y);
        return new Rgb(image.Pixels[offset], image.Pixels[offset + 1], image.Pixels[offset + 2]);
    }

    public static void SetPixel(this RgbImage image, int x, int y, Rgb color)
    {
        var offset = Offset(image, x, y);
        image.Pixels[offset] = color.R;
        image.Pixels[offset + 1] = color.G;
        image.Pixels[offset + 2] = color.B;
    }

    public static void Fill(this RgbImage image, Rgb color)
    {
        ArgumentNullException.ThrowIfNull(image);
        for (var offset = 0; offset < image.Pixels.Length; offset += 3)
        {
            image.Pixels[offset] = color.R;
            image.Pixels[offset + 1] = color.G;
            image.Pixels[offset + 2] = color.B;
        }
    }

    /// <summary>A copy with its own pixel buffer.</summary>
    public static RgbImage Copy(this RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new RgbImage(image.Width, image.Height, (byte[])image.Pixels.Clone());
    }

    private static int Offset(RgbImage image, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(image);
        if ((uint)x >= (uint)image.Width || (uint)y >= (uint)image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {image.Width}x{image.Height} image.");
        }

        return 3 * ((y * image.Width) + x);
    }
}
