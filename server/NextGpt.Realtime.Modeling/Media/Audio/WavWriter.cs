using System.Buffers.Binary;

namespace NextGpt.Realtime.Modeling.Media.Audio;

/// <summary>Writes <see cref="PcmAudio"/> as a 16-bit PCM WAV (samples clipped to [-1, 1], rounded).</summary>
public static class WavWriter
{
    public static byte[] ToWav16(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var channels = audio.ChannelCount;
        var dataBytes = audio.Length * channels * 2;
        var bytes = new byte[44 + dataBytes];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)audio.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(audio.SampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataBytes);
        var offset = 44;
        for (var i = 0; i < audio.Length; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var value = Math.Clamp(audio.Channels[c][i], -1f, 1f);
                BinaryPrimitives.WriteInt16LittleEndian(span[offset..], (short)Math.Clamp(Math.Round(value * 32767.0), -32768, 32767));
                offset += 2;
            }
        }

        return bytes;
    }
}
