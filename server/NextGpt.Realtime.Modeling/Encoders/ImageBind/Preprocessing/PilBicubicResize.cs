using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;

/// <summary>
/// PIL's <c>Image.resize(size, Image.BICUBIC)</c> on an 8-bit RGB image, reproduced step for step so that torchvision's
/// <c>Resize(224, BICUBIC)</c> on a PIL image (what ImageBind's <c>data.py</c> runs) gives the same bytes.
/// </summary>
/// <remarks>
/// Pillow 9.4 <c>libImaging/Resample.c</c>: a separable convolution, horizontal pass first (only over the rows the vertical
/// pass reads), then vertical. The cubic kernel (a = -0.5, support 2) is stretched by the downscale factor (antialiasing),
/// each output's weights are normalised to sum 1, then turned into fixed point with 22 fraction bits
/// (<c>PRECISION_BITS = 32 - 8 - 2</c>) rounded half away from zero. Every pass accumulates in 32-bit integers from
/// <c>1 &lt;&lt; 21</c> (rounding) and clips to 0..255 (<c>clip8</c>), so the intermediate image is 8-bit, as in PIL.
/// </remarks>
public static class PilBicubicResize
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double Support = 2.0;

    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == image.Width && height == image.Height)
        {
            // _imaging.c resize: same size and full box -> ImagingCopy.
            return new RgbImage(width, height, (byte[])image.Pixels.Clone());
        }

        var horizontal = Coefficients.Compute(image.Width, width);
        var vertical = Coefficients.Compute(image.Height, height);

        // The rows of the source the vertical pass reads (ImagingResampleInner's ybox_first/ybox_last).
        var firstRow = vertical.Bounds[0];
        var lastRow = vertical.Bounds[(height - 1) * 2] + vertical.Bounds[((height - 1) * 2) + 1];

        var source = image;
        var rowOffset = 0;
        if (width != image.Width)
        {
            source = ResampleHorizontal(image, width, firstRow, lastRow - firstRow, horizontal);
            rowOffset = firstRow;
        }

        return height != image.Height ? ResampleVertical(source, height, rowOffset, vertical) : source;
    }

    private static RgbImage ResampleHorizontal(RgbImage input, int width, int firstRow, int rows, Coefficients c)
    {
        var output = new byte[3 * width * rows];
        var pixels = input.Pixels;
        for (var y = 0; y < rows; y++)
        {
            var rowStart = (y + firstRow) * input.Width * 3;
            for (var x = 0; x < width; x++)
            {
                var xmin = c.Bounds[x * 2];
                var count = c.Bounds[(x * 2) + 1];
                var k = x * c.KernelSize;
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                for (var i = 0; i < count; i++)
                {
                    var p = rowStart + ((xmin + i) * 3);
                    var w = c.Weights[k + i];
                    s0 += pixels[p] * w;
                    s1 += pixels[p + 1] * w;
                    s2 += pixels[p + 2] * w;
                }

                var o = ((y * width) + x) * 3;
                output[o] = Clip8(s0);
                output[o + 1] = Clip8(s1);
                output[o + 2] = Clip8(s2);
            }
        }

        return new RgbImage(width, rows, output);
    }

    private static RgbImage ResampleVertical(RgbImage input, int height, int rowOffset, Coefficients c)
    {
        var width = input.Width;
        var output = new byte[3 * width * height];
        var pixels = input.Pixels;
        for (var y = 0; y < height; y++)
        {
            // Bounds are in source rows; the horizontal pass kept only rows from rowOffset on.
            var ymin = c.Bounds[y * 2] - rowOffset;
            var count = c.Bounds[(y * 2) + 1];
            var k = y * c.KernelSize;
            for (var x = 0; x < width; x++)
            {
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                for (var i = 0; i < count; i++)
                {
                    var p = (((ymin + i) * width) + x) * 3;
                    var w = c.Weights[k + i];
                    s0 += pixels[p] * w;
                    s1 += pixels[p + 1] * w;
                    s2 += pixels[p + 2] * w;
                }

                var o = ((y * width) + x) * 3;
                output[o] = Clip8(s0);
                output[o + 1] = Clip8(s1);
                output[o + 2] = Clip8(s2);
            }
        }

        return new RgbImage(width, height, output);
    }

    private static byte Clip8(int value)
    {
        if (value >= 1 << PrecisionBits << 8)
        {
            return 255;
        }

        return value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);
    }

    /// <summary>Pillow's bicubic_filter: Keys' cubic convolution with a = -0.5.</summary>
    private static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
        }

        return x < 2.0 ? ((((x - 5) * x) + 8) * x - 4) * a : 0.0;
    }

    /// <summary>Per output pixel: first input index, tap count, and fixed-point weights (precompute_coeffs + normalize_coeffs_8bpc).</summary>
    private sealed class Coefficients
    {
        private Coefficients(int kernelSize, int[] bounds, int[] weights)
        {
            KernelSize = kernelSize;
            Bounds = bounds;
            Weights = weights;
        }

        public int KernelSize { get; }

        /// <summary>(xmin, count) per output pixel.</summary>
        public int[] Bounds { get; }

        /// <summary>KernelSize fixed-point weights per output pixel.</summary>
        public int[] Weights { get; }

        public static Coefficients Compute(int inSize, int outSize)
        {
            // The box is the whole image: in0 = 0, in1 = inSize (floats in PIL, exact for these sizes).
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = Support * filterScale;
            var kernelSize = ((int)Math.Ceiling(support) * 2) + 1;
            var bounds = new int[outSize * 2];
            var weights = new int[outSize * kernelSize];
            var k = new double[kernelSize];
            for (var xx = 0; xx < outSize; xx++)
            {
                var center = (xx + 0.5) * scale;
                var ss = 1.0 / filterScale;
                // (int) truncates toward zero, as C's cast does: "round the value" in Pillow's comments.
                var xmin = Math.Max((int)(center - support + 0.5), 0);
                var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
                var sum = 0.0;
                for (var x = 0; x < xmax; x++)
                {
                    var w = Bicubic((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    sum += w;
                }

                for (var x = 0; x < kernelSize; x++)
                {
                    var normalised = x < xmax ? (sum != 0.0 ? k[x] / sum : k[x]) : 0.0;
                    weights[(xx * kernelSize) + x] = normalised < 0
                        ? (int)(-0.5 + (normalised * (1 << PrecisionBits)))
                        : (int)(0.5 + (normalised * (1 << PrecisionBits)));
                }

                bounds[xx * 2] = xmin;
                bounds[(xx * 2) + 1] = xmax;
            }

            return new Coefficients(kernelSize, bounds, weights);
        }
    }
}
