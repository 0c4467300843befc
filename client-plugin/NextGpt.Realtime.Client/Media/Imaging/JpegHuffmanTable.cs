namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>
/// The code and code length of every symbol of one Huffman table, built from a DHT's counts and symbols the way a
/// decoder rebuilds it (T.81 Annex C: codes of each length count up from the previous length's next code, shifted left).
/// </summary>
internal sealed class JpegHuffmanTable
{
    private readonly ushort[] _codes = new ushort[256];
    private readonly byte[] _lengths = new byte[256];

    public JpegHuffmanTable(byte[] counts, byte[] symbols)
    {
        var code = 0;
        var next = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < counts[length - 1]; i++)
            {
                _codes[symbols[next]] = (ushort)code;
                _lengths[symbols[next]] = (byte)length;
                next++;
                code++;
            }

            code <<= 1;
        }
    }

    public void Write(JpegBitWriter writer, int symbol) => writer.Write(_codes[symbol], _lengths[symbol]);
}
