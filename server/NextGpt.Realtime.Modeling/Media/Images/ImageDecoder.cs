using StbImageSharp;

namespace NextGpt.Realtime.Modeling.Media.Images;

/// <summary>
/// Decodes PNG and JPEG (and the other formats stb_image reads: BMP, GIF's first frame, TGA, PSD, HDR, PNM) to
/// <see cref="RgbImage"/>, as PIL's <c>Image.open(f).convert("RGB")</c> does for ImageBind: grey is replicated to three
/// channels and alpha is dropped (not composited). The dimensions are read from the header and checked against
/// <see cref="MediaLimits.MaxPixels"/> before the pixel buffer exists.
/// </summary>
/// <remarks>
/// PNG decodes bit-exactly like PIL (lossless). JPEG goes through stb_image's IDCT and chroma upsampling, which differ
/// from libjpeg-turbo's (PIL) by a level or two on some pixels; see the preprocessing tests for the measured difference.
/// </remarks>
public static class ImageDecoder
{
    public static RgbImage Decode(string path, MediaLimits? limits = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"Image file {path} does not exist.", path, ex);
        }

        return Decode(bytes, limits, Path.GetFileName(path));
    }

    /// <param name="name">How the image is called in error messages (a file or upload name).</param>
    public static RgbImage Decode(byte[] bytes, MediaLimits? limits = null, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        limits ??= MediaLimits.Default;
        if (bytes.Length == 0)
        {
            throw new MediaFormatException($"{name} is empty (0 bytes).");
        }

        if (ImageHeader.TryRead(bytes) is { } dimensions)
        {
            limits.CheckPixels(dimensions.Width, dimensions.Height, name);
        }

        ImageInfo? info;
        try
        {
            using var header = new MemoryStream(bytes, writable: false);
            info = ImageInfo.FromStream(header);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new MediaFormatException($"{name} has an unreadable image header: {ex.Message}", ex);
        }

        if (info is null)
        {
            throw new MediaFormatException(
                $"{name} is not an image this decoder reads (PNG, JPEG, BMP, GIF, TGA) or its header is damaged; it starts with {Signature(bytes)}.");
        }

        limits.CheckPixels(info.Value.Width, info.Value.Height, name);

        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new MediaFormatException($"{name} is corrupt or truncated ({info.Value.Width}x{info.Value.Height} in the header): {ex.Message}", ex);
        }

        if (result?.Data is null || result.Data.Length != 3L * result.Width * result.Height)
        {
            throw new MediaFormatException($"{name} could not be decoded: the decoder returned no pixels.");
        }

        return new RgbImage(result.Width, result.Height, result.Data);
    }

    private static string Signature(byte[] bytes) =>
        string.Join(' ', bytes.Take(8).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
