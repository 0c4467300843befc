namespace NextGpt.Realtime.Training.World;

/// <summary>An 8-bit RGB image, row-major, three interleaved bytes per pixel: (H, W, 3).</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(width * height * 3)])
    {
    }

    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"An image needs a positive size, got {width}x{height}.");
        }

        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException(
                $"A {width}x{height} RGB image needs {width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>(H, W, 3) bytes: pixel (x, y) starts at <c>3 * (y * Width + x)</c>.</summary>
    public byte[] Pixels { get; }

    public Rgb this[int x, int y]
    {
        get
        {
            var offset = Offset(x, y);
            return new Rgb(Pixels[offset], Pixels[offset + 1], Pixels[offset + 2]);
        }

        set
        {
            var offset = Offset(x, y);
            Pixels[offset] = value.R;
            Pixels[offset + 1] = value.G;
            Pixels[offset + 2] = value.B;
        }
    }

    public void Fill(Rgb color)
    {
        for (var offset = 0; offset < Pixels.Length; offset += 3)
        {
            Pixels[offset] = color.R;
            Pixels[offset + 1] = color.G;
            Pixels[offset + 2] = color.B;
        }
    }

    public RgbImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    private int Offset(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {Width}x{Height} image.");
        }

        return 3 * ((y * Width) + x);
    }
}
