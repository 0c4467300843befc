namespace NextGpt.Realtime.Modeling.Media.Images;

/// <summary>
/// An 8-bit RGB image: <see cref="Pixels"/> holds <c>Height</c> rows of <c>Width</c> pixels, three bytes (R, G, B) each,
/// top row first (the layout of PIL's "RGB" mode and of ffmpeg's rgb24).
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != 3L * width * height)
        {
            throw new ArgumentException($"A {width}x{height} RGB image needs {3L * width * height} bytes, got {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major, interleaved R, G, B bytes; length 3 x Width x Height.</summary>
    public byte[] Pixels { get; }

    /// <summary>The byte of channel <paramref name="channel"/> (0 R, 1 G, 2 B) at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y, int channel] => Pixels[(((y * Width) + x) * 3) + channel];

    /// <summary>The rectangle <c>[left, left + width) x [top, top + height)</c>, copied.</summary>
    public RgbImage Crop(int left, int top, int width, int height)
    {
        if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > Width || top + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(left), $"Crop ({left},{top}) {width}x{height} is outside the {Width}x{Height} image.");
        }

        var pixels = new byte[3 * width * height];
        for (var y = 0; y < height; y++)
        {
            Array.Copy(Pixels, (((top + y) * Width) + left) * 3, pixels, y * width * 3, width * 3);
        }

        return new RgbImage(width, height, pixels);
    }
}
