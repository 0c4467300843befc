using System;
using System.IO;
using System.IO.Compression;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>
/// A small PNG writer (8-bit RGB or RGBA, non-interlaced) over System.IO.Compression's deflate, so any netstandard2.1
/// runtime can encode screenshots without native code. Each row gets the filter (None, Sub, Up, Average, Paeth) with the
/// smallest sum of absolute values, the heuristic the PNG specification recommends (section 12.8).
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Encodes <paramref name="image"/>; fully opaque images are written as RGB (a quarter smaller).</summary>
    public static byte[] Encode(RgbaImage image, CompressionLevel level = CompressionLevel.Fastest)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        var opaque = true;
        for (var i = 3; i < image.Pixels.Length && opaque; i += 4)
        {
            opaque = image.Pixels[i] == 255;
        }

        var channels = opaque ? 3 : 4;
        var stride = image.Width * channels;
        var raw = new byte[image.Height * stride];
        for (int p = 0, r = 0; p < image.Pixels.Length; p += 4, r += channels)
        {
            raw[r] = image.Pixels[p];
            raw[r + 1] = image.Pixels[p + 1];
            raw[r + 2] = image.Pixels[p + 2];
            if (!opaque)
            {
                raw[r + 3] = image.Pixels[p + 3];
            }
        }

        using var output = new MemoryStream();
        output.Write(Signature, 0, Signature.Length);

        var header = new byte[13];
        WriteBigEndian(header, 0, (uint)image.Width);
        WriteBigEndian(header, 4, (uint)image.Height);
        header[8] = 8;                                  // bit depth
        header[9] = (byte)(opaque ? 2 : 6);             // colour type: truecolour (with alpha)
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Zlib(Filter(raw, image.Height, stride, channels), level));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Encodes a frame buffer (any layout, either row order) in one call.</summary>
    public static byte[] EncodeFrame(ReadOnlySpan<byte> frame, int width, int height, PixelLayout layout, RowOrder order, int maxSide = 0) =>
        Encode(maxSide > 0
            ? RgbaImage.FromFrame(frame, width, height, layout, order).Downscale(maxSide)
            : RgbaImage.FromFrame(frame, width, height, layout, order));

    private static byte[] Filter(byte[] raw, int height, int stride, int bpp)
    {
        var filtered = new byte[height * (stride + 1)];
        var candidate = new byte[stride];
        var best = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var row = y * stride;
            var prior = row - stride;
            var bestScore = long.MaxValue;
            byte bestType = 0;
            for (byte type = 0; type <= 4; type++)
            {
                long score = 0;
                for (var x = 0; x < stride; x++)
                {
                    int a = x >= bpp ? raw[row + x - bpp] : 0;
                    int b = y > 0 ? raw[prior + x] : 0;
                    int c = x >= bpp && y > 0 ? raw[prior + x - bpp] : 0;
                    var predictor = type switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) >> 1,
                        _ => Paeth(a, b, c),
                    };
                    var value = (byte)(raw[row + x] - predictor);
                    candidate[x] = value;
                    score += value < 128 ? value : 256 - value;
                }

                if (score < bestScore)
                {
                    bestScore = score;
                    bestType = type;
                    Buffer.BlockCopy(candidate, 0, best, 0, stride);
                }
            }

            filtered[y * (stride + 1)] = bestType;
            Buffer.BlockCopy(best, 0, filtered, (y * (stride + 1)) + 1, stride);
        }

        return filtered;
    }

    internal static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>A zlib stream (RFC 1950): header, raw deflate, Adler-32 of the uncompressed data.</summary>
    private static byte[] Zlib(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        output.WriteByte(0x78);
        output.WriteByte(0x9C);
        using (var deflate = new DeflateStream(output, level, leaveOpen: true))
        {
            deflate.Write(data, 0, data.Length);
        }

        var adler = new byte[4];
        WriteBigEndian(adler, 0, Checksums.Adler32(data));
        output.Write(adler, 0, 4);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var head = new byte[8];
        WriteBigEndian(head, 0, (uint)data.Length);
        for (var i = 0; i < 4; i++)
        {
            head[4 + i] = (byte)type[i];
        }

        output.Write(head, 0, 8);
        output.Write(data, 0, data.Length);
        var crc = Checksums.Crc32(data, Checksums.Crc32(head.AsSpan(4, 4)));
        var tail = new byte[4];
        WriteBigEndian(tail, 0, crc);
        output.Write(tail, 0, 4);
    }

    internal static void WriteBigEndian(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }
}
