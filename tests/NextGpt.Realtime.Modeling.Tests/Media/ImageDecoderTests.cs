using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;

namespace NextGpt.Realtime.Modeling.Tests.Media;

/// <summary>PNG/JPEG decoding against PIL's <c>Image.open(f).convert("RGB")</c>, encoding round trips, and bad images.</summary>
public sealed class ImageDecoderTests
{
    [Theory]
    [InlineData("up_small")]
    [InlineData("grey")]   // L -> RGB replicates the grey level
    [InlineData("rgba")]   // RGBA -> RGB drops alpha
    public void Png_DecodesToPilsBytes(string name)
    {
        var image = ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", name + ".png"));

        var expected = ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "expected", name + ".decoded.png"));
        Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
        Assert.Equal(expected.Pixels, image.Pixels);
    }

    [Fact]
    public void Jpeg_DecodesCloseToPil()
    {
        // stb_image's IDCT and chroma upsampling are not libjpeg-turbo's: measured max 3 levels of 255 on this image.
        var image = ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "photo.jpg"));

        var expected = ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "expected", "photo.decoded.png"));
        Assert.True(expected.Pixels.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Max() <= 3);
    }

    [Fact]
    public void Png_And_Jpeg_RoundTrip()
    {
        var image = ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "down_wide.png"));

        Assert.Equal(image.Pixels, ImageDecoder.Decode(ImageEncoder.EncodePng(image)).Pixels);
        var jpeg = ImageDecoder.Decode(ImageEncoder.EncodeJpeg(image, quality: 95));
        Assert.Equal((image.Width, image.Height), (jpeg.Width, jpeg.Height));
        var meanError = image.Pixels.Zip(jpeg.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < 6, $"mean JPEG error {meanError}");
    }

    [Fact]
    public void EmptyFile_IsRejected()
    {
        var error = Assert.Throws<MediaFormatException>(() => ImageDecoder.Decode([], name: "upload.png"));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedPng_IsRejected()
    {
        var bytes = File.ReadAllBytes(PreprocessingFixtures.PathOf("images", "big.png"));

        var error = Assert.Throws<MediaFormatException>(() => ImageDecoder.Decode(bytes[..(bytes.Length / 2)], name: "big.png"));
        Assert.Contains("corrupt or truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAnImage_IsRejected()
    {
        var error = Assert.Throws<MediaFormatException>(() => ImageDecoder.Decode("hello, not an image"u8.ToArray(), name: "notes.txt"));
        Assert.Contains("not an image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeDimensionsInTheHeader_AreRejectedBeforeDecoding()
    {
        // A valid PNG signature and IHDR claiming 20000 x 20000 RGB, with no image data at all.
        var png = PngHeader(20000, 20000);

        var error = Assert.Throws<MediaFormatException>(() => ImageDecoder.Decode(png, name: "bomb.png"));
        Assert.Contains("20000x20000", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPixels", error.Message, StringComparison.Ordinal);

        var tight = MediaLimits.Default with { MaxPixels = 100 };
        var small = ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "up_small.png"));
        Assert.Throws<MediaFormatException>(() => ImageDecoder.Decode(ImageEncoder.EncodePng(small), tight));
    }

    [Fact]
    public void MissingFile_SaysSo()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ImageDecoder.Decode("/nonexistent/picture.png"));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static byte[] PngHeader(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[] { 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0 };
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(8), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(12), height);
        stream.Write(ihdr);
        stream.Write(System.Text.Encoding.ASCII.GetBytes("CRC!"));
        return stream.ToArray();
    }
}
