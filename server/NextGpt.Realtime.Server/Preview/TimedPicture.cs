using System.Buffers.Binary;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>A PNG picture of a recording (an image preview, a finished image or a video frame) and when it arrived.</summary>
public sealed record TimedPicture(TimeSpan At, byte[] Png, int Width, int Height)
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Reads the size from the PNG's IHDR chunk (the protocol sends every picture as PNG).</summary>
    public static TimedPicture From(TimeSpan at, byte[] png)
    {
        if (png.Length < 24 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException($"A recorded picture at {at.TotalSeconds:F3} s is not a PNG ({png.Length} bytes).");
        }

        return new TimedPicture(at, png, (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));
    }
}
