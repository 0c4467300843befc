using System;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>The two checksums PNG needs: CRC-32 (ISO 3309, per chunk) and Adler-32 (RFC 1950, the zlib trailer).</summary>
internal static class Checksums
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        crc ^= 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            // 5552 bytes is the most that can be summed before the 32-bit accumulators could overflow (zlib's NMAX).
            var n = Math.Min(data.Length, 5552);
            foreach (var x in data.Slice(0, n))
            {
                a += x;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data.Slice(n);
        }

        return (b << 16) | a;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
