using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Media.Imaging;

namespace NextGpt.Realtime.Client.Media;

/// <summary>One-call conversions of generated media into what engine APIs take.</summary>
public static class MediaDecode
{
    /// <summary>A generated PNG as RGBA32 in the row order the texture API wants (Unity: bottom-up).</summary>
    public static byte[] PngToRgba32(byte[] png, RowOrder order, out int width, out int height)
    {
        var image = PngDecoder.Decode(png);
        width = image.Width;
        height = image.Height;
        return image.ToRows(order);
    }

    /// <summary>Generated PCM16 as float samples for an audio clip.</summary>
    public static float[] Pcm16ToSamples(byte[] pcm16) => AudioConvert.Pcm16ToFloat(pcm16);
}
