using System.Diagnostics;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Contracts.Primitives;
using StbImageSharp;
using Xunit.Abstractions;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>
/// The baseline JPEG encoder, judged by independent decoders (stb_image, and ffmpeg's mjpeg decoder in strict mode):
/// the picture comes back at the expected peak signal-to-noise ratio for its quality, and higher quality costs bytes.
/// </summary>
public sealed class JpegTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(95, false, 40.0)]
    [InlineData(85, true, 33.0)]
    [InlineData(50, true, 30.0)]
    [InlineData(10, true, 24.0)]
    public void Encoded_IsDecodedByStb_WithinThePsnrOfItsQuality(int quality, bool subsample, double minimumPsnr)
    {
        var image = Scene(96, 72);

        var jpeg = JpegEncoder.Encode(image, quality, subsample);
        var decoded = ImageResult.FromMemory(jpeg, ColorComponents.RedGreenBlueAlpha);

        var psnr = Psnr(image.Pixels, decoded.Data);
        output.WriteLine($"quality {quality}, 4:{(subsample ? "2:0" : "4:4")}: {jpeg.Length} bytes, PSNR {psnr:F2} dB");

        Assert.Equal((96, 72), (decoded.Width, decoded.Height));
        Assert.InRange(psnr, minimumPsnr, 99);
    }

    [Fact]
    public void Ffmpeg_decodes_it_strictly_to_the_same_picture()
    {
        var image = Scene(70, 45);                   // neither side a multiple of the 16-pixel MCU
        var jpeg = JpegEncoder.Encode(image, 90);

        var rgba = DecodeWithFfmpeg(jpeg, 70, 45);
        output.WriteLine($"ffmpeg: PSNR {Psnr(image.Pixels, rgba):F2} dB");

        Assert.InRange(Psnr(image.Pixels, rgba), 33.0, 99);
    }

    [Fact]
    public void Higher_quality_costs_more_bytes_and_all_fit_far_under_png()
    {
        var image = Scene(128, 96);

        var sizes = new[] { 20, 50, 80, 95 }.Select(q => JpegEncoder.Encode(image, q).Length).ToArray();

        Assert.Equal(sizes.OrderBy(s => s), sizes);
        Assert.True(sizes[2] < PngEncoder.Encode(image).Length / 2, $"q80 {sizes[2]} bytes vs PNG {PngEncoder.Encode(image).Length}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 9)]
    [InlineData(8, 33)]
    public void Tiny_and_odd_sizes_round_trip(int width, int height)
    {
        var image = Scene(width, height);

        var decoded = ImageResult.FromMemory(JpegEncoder.Encode(image, 95), ColorComponents.RedGreenBlueAlpha);

        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.InRange(Psnr(image.Pixels, decoded.Data), 30.0, 99);
    }

    [Fact]
    public void A_bottom_up_bgra_frame_is_encoded_upright()
    {
        var image = Scene(32, 32);
        var frame = new byte[image.Pixels.Length];
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                var source = ((y * 32) + x) * 4;
                var target = (((31 - y) * 32) + x) * 4;
                (frame[target], frame[target + 1], frame[target + 2], frame[target + 3]) =
                    (image.Pixels[source + 2], image.Pixels[source + 1], image.Pixels[source], 255);
            }
        }

        var jpeg = JpegEncoder.EncodeFrame(frame, 32, 32, PixelLayout.Bgra32, RowOrder.BottomUp, quality: 95);

        Assert.InRange(Psnr(image.Pixels, ImageResult.FromMemory(jpeg, ColorComponents.RedGreenBlueAlpha).Data), 35.0, 99);
    }

    [Fact]
    public void A_screenshot_input_is_a_downscaled_jpeg_by_default_and_png_on_request()
    {
        var frame = Scene(200, 100).Pixels;

        var jpeg = MediaInput.Screenshot(frame, 200, 100, PixelLayout.Rgba32, RowOrder.TopDown, maxSide: 64);
        var png = MediaInput.Screenshot(frame, 200, 100, PixelLayout.Rgba32, RowOrder.TopDown, MediaFormat.Png, maxSide: 64);
        var decoded = ImageResult.FromMemory(jpeg.Bytes, ColorComponents.RedGreenBlueAlpha);

        Assert.Equal((MediaFormat.Jpeg, Modality.Image), (jpeg.Format, jpeg.Modality));
        Assert.Equal((64, 32), (decoded.Width, decoded.Height));
        Assert.Equal(MediaFormat.Png, png.Format);
        Assert.Throws<ArgumentException>(() => MediaInput.Screenshot(frame, 200, 100, PixelLayout.Rgba32, RowOrder.TopDown, MediaFormat.Wav));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Quality_outside_1_to_100_is_refused(int quality) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(Scene(8, 8), quality));

    /// <summary>A render-like picture: a sky gradient, a soft sun and a hard-edged ground, opaque.</summary>
    private static RgbaImage Scene(int width, int height)
    {
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 4;
                var t = height > 1 ? y / (double)(height - 1) : 0;
                double r = 40 + (120 * t), g = 90 + (100 * t), b = 200 - (60 * t);
                var dx = x - (width * 0.7);
                var dy = y - (height * 0.3);
                var sun = Math.Exp(-((dx * dx) + (dy * dy)) / (2 * Math.Pow(Math.Max(2, width / 8.0), 2)));
                r += (255 - r) * sun;
                g += (230 - g) * sun;
                b += (120 - b) * sun;
                if (y > height * 0.65 + (4 * Math.Sin(x / 5.0)))
                {
                    (r, g, b) = (60 + (x % 7), 120 - (y % 5), 50);
                }

                pixels[p] = (byte)r;
                pixels[p + 1] = (byte)g;
                pixels[p + 2] = (byte)b;
                pixels[p + 3] = 255;
            }
        }

        return new RgbaImage(width, height, pixels);
    }

    /// <summary>PSNR over the RGB channels of two RGBA buffers, in dB.</summary>
    private static double Psnr(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double squared = 0;
        var count = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (i % 4 == 3)
            {
                continue;
            }

            var d = expected[i] - actual[i];
            squared += d * d;
            count++;
        }

        var mse = squared / count;
        return mse == 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    private static byte[] DecodeWithFfmpeg(byte[] jpeg, int width, int height)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jpeg-test-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        try
        {
            var start = new ProcessStartInfo("ffmpeg", ["-v", "error", "-xerror", "-err_detect", "explode", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgba", "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            using var output = new MemoryStream();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 && errors.Result.Length == 0, $"ffmpeg: exit {process.ExitCode}, {errors.Result}");
            Assert.Equal(width * height * 4, output.Length);
            return output.ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
