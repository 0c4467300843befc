using StbImageWriteSharp;

namespace NextGpt.Realtime.Client.Tests.Harness;

/// <summary>Test media made independently of the client's own encoders (StbImageWriteSharp for PNG).</summary>
public static class TestImages
{
    public static byte[] Solid(int width, int height, byte value)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, value);
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(pixels, width, height, ColorComponents.RedGreenBlue, stream);
        return stream.ToArray();
    }

    /// <summary>PCM16 of a 440 Hz tone, continuous across chunks (sample index from <paramref name="first"/>).</summary>
    public static byte[] Tone(int samples, int first)
    {
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * 440 * (first + i) / 16000.0));
            bytes[2 * i] = (byte)value;
            bytes[(2 * i) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }
}
