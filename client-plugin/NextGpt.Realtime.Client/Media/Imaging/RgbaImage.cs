using System;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>An 8-bit RGBA image, rows top-down, ready for a texture upload (see <see cref="ToRows"/> for bottom-up engines).</summary>
public sealed class RgbaImage
{
    public RgbaImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(width <= 0 ? nameof(width) : nameof(height), "Image sides must be positive.");
        }

        if (pixels is null || pixels.Length != checked(width * height * 4))
        {
            throw new ArgumentException($"A {width}x{height} RGBA image needs {width * height * 4} bytes.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>RGBA bytes, row after row from the top.</summary>
    public byte[] Pixels { get; }

    /// <summary>
    /// The pixels in the row order a texture API wants: Unity's Texture2D.LoadRawTextureData and OpenGL take the bottom
    /// row first.
    /// </summary>
    public byte[] ToRows(RowOrder order)
    {
        if (order == RowOrder.TopDown)
        {
            return (byte[])Pixels.Clone();
        }

        var stride = Width * 4;
        var flipped = new byte[Pixels.Length];
        for (var y = 0; y < Height; y++)
        {
            Buffer.BlockCopy(Pixels, y * stride, flipped, (Height - 1 - y) * stride, stride);
        }

        return flipped;
    }

    /// <summary>The pixel at (x, y) from the top-left as RGBA.</summary>
    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 4;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
        }
    }

    /// <summary>
    /// Converts any supported frame buffer to top-down RGBA. <paramref name="stride"/> is the bytes per row (0: packed).
    /// </summary>
    public static RgbaImage FromFrame(ReadOnlySpan<byte> frame, int width, int height, PixelLayout layout, RowOrder order, int stride = 0)
    {
        var bytesPerPixel = layout == PixelLayout.Rgb24 ? 3 : 4;
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(width <= 0 ? nameof(width) : nameof(height), "Frame sides must be positive.");
        }

        stride = stride == 0 ? width * bytesPerPixel : stride;
        if (stride < width * bytesPerPixel || frame.Length < ((long)stride * (height - 1)) + (width * bytesPerPixel))
        {
            throw new ArgumentException($"A {width}x{height} {layout} frame with stride {stride} needs at least {(stride * (height - 1)) + (width * bytesPerPixel)} bytes, got {frame.Length}.", nameof(frame));
        }

        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var source = frame.Slice((order == RowOrder.TopDown ? y : height - 1 - y) * stride);
            var target = y * width * 4;
            for (var x = 0; x < width; x++)
            {
                var s = x * bytesPerPixel;
                var t = target + (x * 4);
                switch (layout)
                {
                    case PixelLayout.Rgba32:
                        pixels[t] = source[s];
                        pixels[t + 1] = source[s + 1];
                        pixels[t + 2] = source[s + 2];
                        pixels[t + 3] = source[s + 3];
                        break;
                    case PixelLayout.Rgb24:
                        pixels[t] = source[s];
                        pixels[t + 1] = source[s + 1];
                        pixels[t + 2] = source[s + 2];
                        pixels[t + 3] = 255;
                        break;
                    case PixelLayout.Bgra32:
                        pixels[t] = source[s + 2];
                        pixels[t + 1] = source[s + 1];
                        pixels[t + 2] = source[s];
                        pixels[t + 3] = source[s + 3];
                        break;
                    case PixelLayout.Argb32:
                        pixels[t] = source[s + 1];
                        pixels[t + 1] = source[s + 2];
                        pixels[t + 2] = source[s + 3];
                        pixels[t + 3] = source[s];
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(layout));
                }
            }
        }

        return new RgbaImage(width, height, pixels);
    }

    /// <summary>Shrinks (box filter, aspect kept) so neither side exceeds <paramref name="maxSide"/>; returns this when it fits.</summary>
    public RgbaImage Downscale(int maxSide)
    {
        if (maxSide <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSide));
        }

        if (Width <= maxSide && Height <= maxSide)
        {
            return this;
        }

        var scale = (double)maxSide / Math.Max(Width, Height);
        var w = Math.Max(1, (int)Math.Round(Width * scale));
        var h = Math.Max(1, (int)Math.Round(Height * scale));
        var result = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
        {
            var y0 = y * Height / h;
            var y1 = Math.Max(y0 + 1, (y + 1) * Height / h);
            for (var x = 0; x < w; x++)
            {
                var x0 = x * Width / w;
                var x1 = Math.Max(x0 + 1, (x + 1) * Width / w);
                for (var c = 0; c < 4; c++)
                {
                    var sum = 0;
                    for (var sy = y0; sy < y1; sy++)
                    {
                        for (var sx = x0; sx < x1; sx++)
                        {
                            sum += Pixels[(((sy * Width) + sx) * 4) + c];
                        }
                    }

                    result[(((y * w) + x) * 4) + c] = (byte)((sum + ((x1 - x0) * (y1 - y0) / 2)) / ((x1 - x0) * (y1 - y0)));
                }
            }
        }

        return new RgbaImage(w, h, result);
    }
}
