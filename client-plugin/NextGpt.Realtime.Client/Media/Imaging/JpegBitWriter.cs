using System.IO;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>
/// Writes a JPEG scan's Huffman-coded bits, most significant first, stuffing a zero byte after every 0xFF so the data
/// never looks like a marker (T.81 F.1.2.3); <see cref="Flush"/> pads the last byte with one-bits (F.1.2.3).
/// </summary>
internal sealed class JpegBitWriter(Stream output)
{
    private uint _buffer;
    private int _count;

    /// <summary>Appends the low <paramref name="length"/> bits of <paramref name="bits"/> (length 0..16).</summary>
    public void Write(int bits, int length)
    {
        _buffer = (_buffer << length) | ((uint)bits & ((1u << length) - 1));
        _count += length;
        while (_count >= 8)
        {
            var value = (byte)(_buffer >> (_count - 8));
            output.WriteByte(value);
            if (value == 0xFF)
            {
                output.WriteByte(0);
            }

            _count -= 8;
        }
    }

    public void Flush()
    {
        if (_count > 0)
        {
            Write(0x7F, 8 - _count);
        }
    }
}
