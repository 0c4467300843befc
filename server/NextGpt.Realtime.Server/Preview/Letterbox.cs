using NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>
/// Fits a picture into a fixed canvas: scaled (bicubic, as PIL) to the largest size that keeps its aspect ratio,
/// centred on a background colour. The recorder gives ffmpeg pictures of one size because its concat demuxer plus a
/// filter graph drops the frames buffered before a mid-stream size change (seen with ffmpeg 5.1: a 32 x 32 picture
/// followed by a 64 x 48 one left only the second in the output).
/// </summary>
public static class Letterbox
{
    public static RgbImage Fit(RgbImage picture, int width, int height, (byte R, byte G, byte B) background)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var scale = Math.Min(width / (double)picture.Width, height / (double)picture.Height);
        var fittedWidth = Math.Clamp((int)Math.Round(picture.Width * scale), 1, width);
        var fittedHeight = Math.Clamp((int)Math.Round(picture.Height * scale), 1, height);
        var fitted = fittedWidth == picture.Width && fittedHeight == picture.Height
            ? picture
            : PilBicubicResize.Resize(picture, fittedWidth, fittedHeight);

        var pixels = Blank(width, height, background).Pixels;
        var left = (width - fittedWidth) / 2;
        var top = (height - fittedHeight) / 2;
        for (var y = 0; y < fittedHeight; y++)
        {
            Buffer.BlockCopy(fitted.Pixels, y * fittedWidth * 3, pixels, (((top + y) * width) + left) * 3, fittedWidth * 3);
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>A canvas of the background colour alone.</summary>
    public static RgbImage Blank(int width, int height, (byte R, byte G, byte B) background)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2]) = background;
        }

        return new RgbImage(width, height, pixels);
    }
}
