using System;
using System.IO;
using System.IO.Compression;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>
/// A small PNG reader to 8-bit RGBA (PNG specification, third edition): every colour type and bit depth, palettes with
/// tRNS transparency, Adam7 interlacing; chunk CRCs are checked. 16-bit samples keep their high byte. Gamma and colour
/// profile chunks are ignored, as texture uploads expect the stored values.
/// </summary>
public static class PngDecoder
{
    /// <summary>Refuses images whose RGBA buffer would exceed this many pixels (a corrupt header must not allocate GBs).</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static RgbaImage Decode(byte[] png)
    {
        if (png is null || png.Length < Signature.Length + 12 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG (bad signature).");
        }

        int width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
        byte[]? palette = null;
        byte[]? transparency = null;
        using var idat = new MemoryStream();
        var offset = 8;
        var sawEnd = false;
        while (offset + 12 <= png.Length && !sawEnd)
        {
            var length = ReadBigEndian(png, offset);
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (length > png.Length - offset - 12)
            {
                throw new InvalidDataException($"PNG chunk {type} runs past the end of the file.");
            }

            var data = png.AsSpan(offset + 8, length);
            if (Checksums.Crc32(png.AsSpan(offset + 4, length + 4)) != (uint)ReadBigEndian(png, offset + 8 + length))
            {
                throw new InvalidDataException($"PNG chunk {type} is corrupt (CRC mismatch).");
            }

            switch (type)
            {
                case "IHDR":
                    width = ReadBigEndian(png, offset + 8);
                    height = ReadBigEndian(png, offset + 12);
                    depth = data[8];
                    colorType = data[9];
                    interlace = data[12];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    transparency = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(png, offset + 8, length);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }

            offset += 12 + length;
        }

        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException("PNG without a valid IHDR chunk.");
        }

        if ((long)width * height > MaxPixels)
        {
            throw new InvalidDataException($"PNG of {width}x{height} exceeds the {MaxPixels}-pixel limit.");
        }

        var channels = colorType switch
        {
            0 => 1,
            2 => 3,
            3 => 1,
            4 => 2,
            6 => 4,
            _ => throw new InvalidDataException($"PNG colour type {colorType} does not exist."),
        };
        if (depth is not (1 or 2 or 4 or 8 or 16) || (colorType is 2 or 4 or 6 && depth < 8) || (colorType == 3 && depth == 16))
        {
            throw new InvalidDataException($"PNG bit depth {depth} is not allowed for colour type {colorType}.");
        }

        if (colorType == 3 && palette is null)
        {
            throw new InvalidDataException("A palette PNG has no PLTE chunk.");
        }

        var raw = Inflate(idat.ToArray());
        var pixels = new byte[width * height * 4];
        var format = new Format(channels, depth, colorType, palette, transparency);
        if (interlace == 0)
        {
            DecodePass(raw, 0, width, height, format, (x, y) => ((y * width) + x) * 4, pixels);
        }
        else
        {
            var position = 0;
            foreach (var (x0, y0, dx, dy) in Adam7)
            {
                var passWidth = (width - x0 + dx - 1) / dx;
                var passHeight = (height - y0 + dy - 1) / dy;
                if (passWidth <= 0 || passHeight <= 0)
                {
                    continue;
                }

                position = DecodePass(raw, position, passWidth, passHeight, format,
                    (x, y) => ((((y0 + (y * dy)) * width) + x0 + (x * dx)) * 4), pixels);
            }
        }

        return new RgbaImage(width, height, pixels);
    }

    private sealed class Format
    {
        public Format(int channels, int depth, int colorType, byte[]? palette, byte[]? transparency)
        {
            Channels = channels;
            Depth = depth;
            ColorType = colorType;
            Palette = palette;
            Transparency = transparency;
        }

        public int Channels { get; }

        public int Depth { get; }

        public int ColorType { get; }

        public byte[]? Palette { get; }

        public byte[]? Transparency { get; }

        public int BitsPerPixel => Channels * Depth;
    }

    /// <summary>Unfilters one (sub-)image at <paramref name="position"/> and writes its pixels; returns the next position.</summary>
    private static int DecodePass(byte[] raw, int position, int width, int height, Format format, Func<int, int, int> target, byte[] pixels)
    {
        var stride = ((width * format.BitsPerPixel) + 7) / 8;
        var bpp = Math.Max(1, format.BitsPerPixel / 8);
        var previous = new byte[stride];
        var current = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            if (position + 1 + stride > raw.Length)
            {
                throw new InvalidDataException("PNG image data is shorter than its size says.");
            }

            var filter = raw[position];
            Buffer.BlockCopy(raw, position + 1, current, 0, stride);
            position += 1 + stride;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? current[x - bpp] : 0;
                int b = previous[x];
                int c = x >= bpp ? previous[x - bpp] : 0;
                current[x] = (byte)(current[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => PngEncoder.Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG row filter {filter} does not exist."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                WritePixel(current, x, format, pixels, target(x, y));
            }

            (previous, current) = (current, previous);
        }

        return position;
    }

    private static void WritePixel(byte[] row, int x, Format f, byte[] pixels, int t)
    {
        if (f.Depth < 8)
        {
            var bitOffset = x * f.Depth;
            var value = (row[bitOffset / 8] >> (8 - f.Depth - (bitOffset % 8))) & ((1 << f.Depth) - 1);
            if (f.ColorType == 3)
            {
                WritePaletteEntry(value, f, pixels, t);
            }
            else
            {
                var gray = (byte)(value * 255 / ((1 << f.Depth) - 1));
                pixels[t] = pixels[t + 1] = pixels[t + 2] = gray;
                pixels[t + 3] = f.Transparency is { Length: >= 2 } && ((f.Transparency[0] << 8) | f.Transparency[1]) == value ? (byte)0 : (byte)255;
            }

            return;
        }

        var bytesPerSample = f.Depth / 8;
        var s = x * f.Channels * bytesPerSample;
        byte Sample(int channel) => row[s + (channel * bytesPerSample)];
        int Full(int channel) => bytesPerSample == 1 ? row[s + channel] : (row[s + (2 * channel)] << 8) | row[s + (2 * channel) + 1];
        switch (f.ColorType)
        {
            case 0:
                pixels[t] = pixels[t + 1] = pixels[t + 2] = Sample(0);
                pixels[t + 3] = f.Transparency is { Length: >= 2 } && ((f.Transparency[0] << 8) | f.Transparency[1]) == Full(0) ? (byte)0 : (byte)255;
                break;
            case 2:
                pixels[t] = Sample(0);
                pixels[t + 1] = Sample(1);
                pixels[t + 2] = Sample(2);
                pixels[t + 3] = f.Transparency is { Length: >= 6 }
                    && ((f.Transparency[0] << 8) | f.Transparency[1]) == Full(0)
                    && ((f.Transparency[2] << 8) | f.Transparency[3]) == Full(1)
                    && ((f.Transparency[4] << 8) | f.Transparency[5]) == Full(2) ? (byte)0 : (byte)255;
                break;
            case 3:
                WritePaletteEntry(row[s], f, pixels, t);
                break;
            case 4:
                pixels[t] = pixels[t + 1] = pixels[t + 2] = Sample(0);
                pixels[t + 3] = Sample(1);
                break;
            default:
                pixels[t] = Sample(0);
                pixels[t + 1] = Sample(1);
                pixels[t + 2] = Sample(2);
                pixels[t + 3] = Sample(3);
                break;
        }
    }

    private static void WritePaletteEntry(int index, Format f, byte[] pixels, int t)
    {
        if ((index * 3) + 2 >= f.Palette!.Length)
        {
            throw new InvalidDataException($"PNG palette index {index} is outside the palette.");
        }

        pixels[t] = f.Palette[index * 3];
        pixels[t + 1] = f.Palette[(index * 3) + 1];
        pixels[t + 2] = f.Palette[(index * 3) + 2];
        pixels[t + 3] = f.Transparency is not null && index < f.Transparency.Length ? f.Transparency[index] : (byte)255;
    }

    private static byte[] Inflate(byte[] zlib)
    {
        if (zlib.Length < 2 || (zlib[0] & 0x0F) != 8 || ((zlib[0] << 8) | zlib[1]) % 31 != 0 || (zlib[1] & 0x20) != 0)
        {
            throw new InvalidDataException("PNG image data is not a zlib deflate stream.");
        }

        using var input = new MemoryStream(zlib, 2, zlib.Length - 2);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }

    private static int ReadBigEndian(byte[] buffer, int offset) =>
        (buffer[offset] << 24) | (buffer[offset + 1] << 16) | (buffer[offset + 2] << 8) | buffer[offset + 3];
}
