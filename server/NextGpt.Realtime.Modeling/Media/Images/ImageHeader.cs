using System.Buffers.Binary;

namespace NextGpt.Realtime.Modeling.Media.Images;

/// <summary>
/// Width and height read straight from a PNG, JPEG, GIF or BMP header, without decoding, so that absurd dimensions are
/// refused before any pixel buffer is allocated (and with the real numbers in the message: stb_image's own header
/// check only says "too large").
/// </summary>
internal static class ImageHeader
{
    /// <summary>The header's (width, height), or null when the bytes are not one of these four formats.</summary>
    public static (long Width, long Height)? TryRead(ReadOnlySpan<byte> bytes)
    {
        // PNG: signature, then the IHDR chunk (length, "IHDR", width, height as big-endian uint32).
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return (BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]));
        }

        // GIF87a/89a: logical screen width/height, little-endian uint16.
        if (bytes.Length >= 10 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F')
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]));
        }

        // BMP with a BITMAPINFOHEADER or later: int32 width, int32 height (negative = top-down).
        if (bytes.Length >= 26 && bytes[0] == 'B' && bytes[1] == 'M' && BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]) >= 40)
        {
            return (Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[22..])));
        }

        return bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 ? ReadJpeg(bytes) : null;
    }

    /// <summary>Walks the JPEG markers to the first start-of-frame (SOF0..SOF15 but DHT, JPG, DAC) and reads its height, width.</summary>
    private static (long Width, long Height)? ReadJpeg(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        while (position + 4 <= bytes.Length)
        {
            if (bytes[position] != 0xFF)
            {
                return null;
            }

            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                position++;   // fill byte
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF && marker is not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame && position + 9 <= bytes.Length)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 5)..]));
            }

            position += 2 + length;
        }

        return null;
    }
}
