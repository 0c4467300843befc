using System;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>
/// Codes 8x8 blocks into a baseline scan: forward DCT (T.81 A.3.3), quantization, zig-zag, then Huffman coding of the
/// DC difference and of the AC run/size pairs (F.1.2.1, F.1.2.2) with one DC predictor per component.
/// </summary>
internal sealed class JpegScan(JpegBitWriter writer, float[] luminanceReciprocals, float[] chrominanceReciprocals)
{
    // Cosine[u * 8 + x] = C(u) / 2 * cos((2x + 1) u pi / 16): one 1-D DCT pass; two passes give T.81's 2-D formula.
    private static readonly float[] Cosine = BuildCosines();

    private static readonly JpegHuffmanTable DcLuminance = new(JpegTables.DcLuminanceCounts, JpegTables.DcLuminanceSymbols);
    private static readonly JpegHuffmanTable AcLuminance = new(JpegTables.AcLuminanceCounts, JpegTables.AcLuminanceSymbols);
    private static readonly JpegHuffmanTable DcChrominance = new(JpegTables.DcChrominanceCounts, JpegTables.DcChrominanceSymbols);
    private static readonly JpegHuffmanTable AcChrominance = new(JpegTables.AcChrominanceCounts, JpegTables.AcChrominanceSymbols);

    private readonly float[] _block = new float[64];
    private readonly float[] _rows = new float[64];
    private readonly float[] _coefficients = new float[64];
    private readonly int[] _quantized = new int[64];
    private int _previousY;
    private int _previousCb;
    private int _previousCr;

    /// <summary>Codes the Y block whose top-left pixel is (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public void Luminance(PlaneSamples y, int left, int top)
    {
        for (var row = 0; row < 8; row++)
        {
            for (var column = 0; column < 8; column++)
            {
                _block[(row * 8) + column] = y[left + column, top + row];
            }
        }

        _previousY = Code(_previousY, luminanceReciprocals, DcLuminance, AcLuminance);
    }

    /// <summary>
    /// Codes the Cb and Cr blocks of the MCU at (<paramref name="left"/>, <paramref name="top"/>); averaged: each sample is
    /// the mean of a 2x2 pixel square (the MCU covers 16x16 pixels), otherwise one sample per pixel.
    /// </summary>
    public void Chrominance(PlaneSamples cb, PlaneSamples cr, int left, int top, bool averaged)
    {
        Fill(cb, left, top, averaged);
        _previousCb = Code(_previousCb, chrominanceReciprocals, DcChrominance, AcChrominance);
        Fill(cr, left, top, averaged);
        _previousCr = Code(_previousCr, chrominanceReciprocals, DcChrominance, AcChrominance);
    }

    private void Fill(PlaneSamples plane, int left, int top, bool averaged)
    {
        for (var row = 0; row < 8; row++)
        {
            for (var column = 0; column < 8; column++)
            {
                _block[(row * 8) + column] = averaged
                    ? 0.25f * (plane[left + (2 * column), top + (2 * row)] + plane[left + (2 * column) + 1, top + (2 * row)]
                        + plane[left + (2 * column), top + (2 * row) + 1] + plane[left + (2 * column) + 1, top + (2 * row) + 1])
                    : plane[left + column, top + row];
            }
        }
    }

    // DCT, quantize, code; returns the block's quantized DC, the next block's predictor.
    private int Code(int previousDc, float[] reciprocals, JpegHuffmanTable dc, JpegHuffmanTable ac)
    {
        ForwardDct();
        for (var k = 0; k < 64; k++)
        {
            var natural = JpegTables.ZigZag[k];
            _quantized[k] = (int)Math.Round(_coefficients[natural] * reciprocals[natural], MidpointRounding.AwayFromZero);
        }

        var difference = _quantized[0] - previousDc;
        var size = Magnitude(difference);
        dc.Write(writer, size);
        writer.Write(Amplitude(difference, size), size);

        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = _quantized[k];
            if (value == 0)
            {
                run++;
                continue;
            }

            for (; run > 15; run -= 16)
            {
                ac.Write(writer, 0xF0);              // ZRL: sixteen zeros
            }

            var bits = Magnitude(value);
            ac.Write(writer, (run << 4) | bits);
            writer.Write(Amplitude(value, bits), bits);
            run = 0;
        }

        if (run > 0)
        {
            ac.Write(writer, 0x00);                  // EOB: the rest are zeros
        }

        return _quantized[0];
    }

    // Rows then columns: _block[y, x] -> _rows[y, u] -> _coefficients[v, u].
    private void ForwardDct()
    {
        for (var y = 0; y < 8; y++)
        {
            for (var u = 0; u < 8; u++)
            {
                var sum = 0f;
                for (var x = 0; x < 8; x++)
                {
                    sum += _block[(y * 8) + x] * Cosine[(u * 8) + x];
                }

                _rows[(y * 8) + u] = sum;
            }
        }

        for (var u = 0; u < 8; u++)
        {
            for (var v = 0; v < 8; v++)
            {
                var sum = 0f;
                for (var y = 0; y < 8; y++)
                {
                    sum += _rows[(y * 8) + u] * Cosine[(v * 8) + y];
                }

                _coefficients[(v * 8) + u] = sum;
            }
        }
    }

    // The size category SSSS: the number of bits of |value| (T.81 Tables F.1 and F.2).
    private static int Magnitude(int value)
    {
        var magnitude = Math.Abs(value);
        var bits = 0;
        while (magnitude > 0)
        {
            bits++;
            magnitude >>= 1;
        }

        return bits;
    }

    // Negative values are sent as value - 1 in their low bits (one's complement, F.1.2.1).
    private static int Amplitude(int value, int size) => value >= 0 ? value : value + (1 << size) - 1;

    private static float[] BuildCosines()
    {
        var table = new float[64];
        for (var u = 0; u < 8; u++)
        {
            var scale = u == 0 ? 1 / Math.Sqrt(2) : 1.0;
            for (var x = 0; x < 8; x++)
            {
                table[(u * 8) + x] = (float)(scale / 2 * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return table;
    }
}
