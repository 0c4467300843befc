using System;
using System.IO;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>
/// A baseline JPEG writer (JFIF, 8-bit YCbCr, sequential DCT, the standard Huffman tables), pure C# so any netstandard2.1
/// runtime can send screenshots as JPEG: several times smaller than PNG for rendered scenes. Follows ITU-T T.81: the
/// example quantization tables of Annex K.1 scaled by quality as the IJG library does, the example Huffman tables of
/// Annex K.3, chroma optionally subsampled 2x2 (4:2:0, the usual choice for photos and renders). Alpha is dropped
/// (JPEG has none); edges of images whose sides are not block multiples repeat the last row and column.
/// </summary>
public static class JpegEncoder
{
    /// <summary>The default quality: visually clean screenshots at about a tenth of their PNG size.</summary>
    public const int DefaultQuality = 85;

    /// <summary>Encodes <paramref name="image"/> at <paramref name="quality"/> (1 worst .. 100 best).</summary>
    /// <param name="image">The image; its alpha channel is ignored.</param>
    /// <param name="quality">1..100, the IJG quality scale.</param>
    /// <param name="subsampleChroma">True: 4:2:0 chroma (smaller); false: 4:4:4 (sharper colour edges).</param>
    public static byte[] Encode(RgbaImage image, int quality = DefaultQuality, bool subsampleChroma = true)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        if (quality < 1 || quality > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality runs from 1 to 100.");
        }

        if (image.Width > ushort.MaxValue || image.Height > ushort.MaxValue)
        {
            throw new ArgumentException($"A JPEG side is at most {ushort.MaxValue} pixels; this image is {image.Width}x{image.Height}.", nameof(image));
        }

        var luminance = ScaledTable(JpegTables.LuminanceQuantization, quality);
        var chrominance = ScaledTable(JpegTables.ChrominanceQuantization, quality);
        var planes = YCbCrPlanes.From(image);

        using var output = new MemoryStream();
        WriteHeaders(output, image.Width, image.Height, luminance, chrominance, subsampleChroma);
        var writer = new JpegBitWriter(output);
        var scan = new JpegScan(writer, Reciprocals(luminance), Reciprocals(chrominance));
        var mcuSide = subsampleChroma ? 16 : 8;
        for (var top = 0; top < image.Height; top += mcuSide)
        {
            for (var left = 0; left < image.Width; left += mcuSide)
            {
                if (subsampleChroma)
                {
                    scan.Luminance(planes.Y, left, top);
                    scan.Luminance(planes.Y, left + 8, top);
                    scan.Luminance(planes.Y, left, top + 8);
                    scan.Luminance(planes.Y, left + 8, top + 8);
                    scan.Chrominance(planes.Cb, planes.Cr, left, top, averaged: true);
                }
                else
                {
                    scan.Luminance(planes.Y, left, top);
                    scan.Chrominance(planes.Cb, planes.Cr, left, top, averaged: false);
                }
            }
        }

        writer.Flush();
        output.WriteByte(0xFF);
        output.WriteByte(0xD9);                      // EOI
        return output.ToArray();
    }

    /// <summary>Encodes a frame buffer (any layout, either row order) in one call, optionally downscaled first.</summary>
    public static byte[] EncodeFrame(ReadOnlySpan<byte> frame, int width, int height, PixelLayout layout, RowOrder order,
        int quality = DefaultQuality, int maxSide = 0) =>
        Encode(maxSide > 0
            ? RgbaImage.FromFrame(frame, width, height, layout, order).Downscale(maxSide)
            : RgbaImage.FromFrame(frame, width, height, layout, order), quality);

    /// <summary>The IJG quality scaling (jcparam.c, jpeg_quality_scaling): 50 keeps Annex K's tables, 100 makes them all 1.</summary>
    internal static byte[] ScaledTable(byte[] baseline, int quality)
    {
        var scale = quality < 50 ? 5000 / quality : 200 - (2 * quality);
        var table = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            table[i] = (byte)Math.Clamp(((baseline[i] * scale) + 50) / 100, 1, 255);
        }

        return table;
    }

    private static float[] Reciprocals(byte[] table)
    {
        var reciprocals = new float[64];
        for (var i = 0; i < 64; i++)
        {
            reciprocals[i] = 1f / table[i];
        }

        return reciprocals;
    }

    private static void WriteHeaders(Stream output, int width, int height, byte[] luminance, byte[] chrominance, bool subsampleChroma)
    {
        output.Write([0xFF, 0xD8]);                  // SOI
        // APP0 JFIF 1.1, no density units (aspect 1:1), no thumbnail.
        output.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

        // DQT: both 8-bit tables, each written in zig-zag order (T.81 B.2.4.1).
        output.Write([0xFF, 0xDB, 0x00, 2 + (2 * 65)]);
        foreach (var (id, table) in new[] { (0, luminance), (1, chrominance) })
        {
            output.WriteByte((byte)id);
            for (var k = 0; k < 64; k++)
            {
                output.WriteByte(table[JpegTables.ZigZag[k]]);
            }
        }

        // SOF0: baseline, 8-bit, three components; Y samples 2x2 per chroma sample when subsampled.
        output.Write([0xFF, 0xC0, 0x00, 17, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3,
            1, (byte)(subsampleChroma ? 0x22 : 0x11), 0, 2, 0x11, 1, 3, 0x11, 1]);

        WriteHuffmanTable(output, 0x00, JpegTables.DcLuminanceCounts, JpegTables.DcLuminanceSymbols);
        WriteHuffmanTable(output, 0x10, JpegTables.AcLuminanceCounts, JpegTables.AcLuminanceSymbols);
        WriteHuffmanTable(output, 0x01, JpegTables.DcChrominanceCounts, JpegTables.DcChrominanceSymbols);
        WriteHuffmanTable(output, 0x11, JpegTables.AcChrominanceCounts, JpegTables.AcChrominanceSymbols);

        // SOS: Y with tables 0/0, Cb and Cr with 1/1; spectral selection 0..63, no approximation (baseline).
        output.Write([0xFF, 0xDA, 0x00, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    }

    private static void WriteHuffmanTable(Stream output, byte classAndId, byte[] counts, byte[] symbols)
    {
        var length = 2 + 1 + 16 + symbols.Length;
        output.Write([0xFF, 0xC4, (byte)(length >> 8), (byte)length, classAndId]);
        output.Write(counts);
        output.Write(symbols);
    }
}
