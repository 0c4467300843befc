using NextGpt.Realtime.Client.Media.Imaging;
using StbImageSharp;
using StbImageWriteSharp;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>The PNG encoder and decoder, checked against an independent implementation (stb_image / stb_image_write).</summary>
public sealed class PngTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encoded_IsDecodedByStb_ToTheSamePixels(bool transparent)
    {
        var image = Noise(37, 23, transparent, seed: 1);

        var png = PngEncoder.Encode(image);
        var decoded = ImageResult.FromMemory(png, StbImageSharp.ColorComponents.RedGreenBlueAlpha);

        Assert.Equal((37, 23), (decoded.Width, decoded.Height));
        Assert.Equal(image.Pixels, decoded.Data);
        Assert.Equal(transparent ? 6 : 2, png[25]); // colour type in IHDR: RGBA, or RGB when opaque
    }

    [Theory]
    [InlineData(StbImageWriteSharp.ColorComponents.Grey)]
    [InlineData(StbImageWriteSharp.ColorComponents.GreyAlpha)]
    [InlineData(StbImageWriteSharp.ColorComponents.RedGreenBlue)]
    [InlineData(StbImageWriteSharp.ColorComponents.RedGreenBlueAlpha)]
    public void StbWritten_IsDecoded_LikeStbDecodesIt(StbImageWriteSharp.ColorComponents components)
    {
        var channels = (int)components;
        var random = new Random(2);
        var raw = new byte[19 * 11 * channels];
        random.NextBytes(raw);
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(raw, 19, 11, components, stream);
        var png = stream.ToArray();

        var ours = PngDecoder.Decode(png);
        var stb = ImageResult.FromMemory(png, StbImageSharp.ColorComponents.RedGreenBlueAlpha);

        Assert.Equal(stb.Data, ours.Pixels);
    }

    [Fact]
    public void FrameBuffers_InAnyLayoutAndRowOrder_BecomeTopDownRgba()
    {
        // 2x2: top row red, green; bottom row blue, white. Stored bottom-up as BGRA.
        byte[] bottomUpBgra = [255, 0, 0, 255, 255, 255, 255, 255, 0, 0, 255, 255, 0, 255, 0, 255];

        var image = PngDecoder.Decode(PngEncoder.EncodeFrame(bottomUpBgra, 2, 2, PixelLayout.Bgra32, RowOrder.BottomUp));

        Assert.Equal((255, 0, 0, 255), image[0, 0]);
        Assert.Equal((0, 255, 0, 255), image[1, 0]);
        Assert.Equal((0, 0, 255, 255), image[0, 1]);
        Assert.Equal(image.Pixels[..8], image.ToRows(RowOrder.BottomUp)[8..]);
    }

    [Fact]
    public void Downscale_KeepsAspect_AndAveragesBoxes()
    {
        var image = new RgbaImage(4, 2, [.. Enumerable.Repeat<byte>(0, 8), .. Enumerable.Repeat<byte>(200, 8), .. Enumerable.Repeat<byte>(100, 16)]);

        var small = image.Downscale(2);

        Assert.Equal((2, 1), (small.Width, small.Height));
        Assert.Equal((50, 50, 50, 50), small[0, 0]);
        Assert.Equal((150, 150, 150, 150), small[1, 0]);
    }

    [Fact]
    public void CorruptOrForeignData_FailsWithClearMessages()
    {
        var png = PngEncoder.Encode(Noise(8, 8, false, seed: 3));
        png[40] ^= 0xFF;

        Assert.Contains("CRC mismatch", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png)).Message, StringComparison.Ordinal);
        Assert.Contains("Not a PNG", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(new byte[64])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RgbaImage.FromFrame(new byte[10], 4, 4, PixelLayout.Rgba32, RowOrder.TopDown));
    }

    private static RgbaImage Noise(int width, int height, bool transparent, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            // Smooth gradients plus noise, so every row filter gets chosen somewhere.
            var x = i / 4 % width;
            pixels[i] = (byte)(x * 5);
            pixels[i + 1] = (byte)random.Next(256);
            pixels[i + 2] = (byte)(i / 4 / width * 9);
            pixels[i + 3] = transparent ? (byte)random.Next(256) : (byte)255;
        }

        return new RgbaImage(width, height, pixels);
    }
}
