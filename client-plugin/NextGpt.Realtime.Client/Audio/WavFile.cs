using System;
using System.IO;
using System.Text;

namespace NextGpt.Realtime.Client.Audio;

/// <summary>Mono or multi-channel audio read from or written to a RIFF WAV (PCM 8/16/24/32-bit or IEEE float).</summary>
public sealed class WavFile
{
    public WavFile(float[] samples, int sampleRate, int channels)
    {
        Samples = samples ?? throw new ArgumentNullException(nameof(samples));
        SampleRate = sampleRate > 0 ? sampleRate : throw new ArgumentOutOfRangeException(nameof(sampleRate));
        Channels = channels > 0 ? channels : throw new ArgumentOutOfRangeException(nameof(channels));
    }

    /// <summary>Interleaved samples in [-1, 1].</summary>
    public float[] Samples { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    public double Seconds => (double)Samples.Length / Channels / SampleRate;

    public static WavFile Read(byte[] bytes)
    {
        if (bytes is null || bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
        {
            throw new InvalidDataException("Not a RIFF WAVE file.");
        }

        int format = 0, channels = 0, rate = 0, bits = 0;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BitConverter.ToInt32(bytes, offset + 4);
            var body = offset + 8;
            if (size < 0 || body + size > bytes.Length)
            {
                // Streamed WAVs (espeak-ng, ffmpeg pipes) may leave the data size at 0 or 0xFFFFFFFF: take the rest.
                size = bytes.Length - body;
            }

            if (id == "fmt ")
            {
                format = BitConverter.ToUInt16(bytes, body);
                channels = BitConverter.ToUInt16(bytes, body + 2);
                rate = BitConverter.ToInt32(bytes, body + 4);
                bits = BitConverter.ToUInt16(bytes, body + 14);
                if (format == 0xFFFE && size >= 26)
                {
                    format = BitConverter.ToUInt16(bytes, body + 24); // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes.
                }
            }
            else if (id == "data")
            {
                if (channels == 0)
                {
                    throw new InvalidDataException("The WAV has no fmt chunk before its data.");
                }

                return new WavFile(Decode(bytes, body, size, format, bits), rate, channels);
            }

            offset = body + size + (size & 1);
        }

        throw new InvalidDataException("The WAV has no data chunk.");
    }

    public static WavFile Read(string path) => Read(File.ReadAllBytes(path));

    /// <summary>Writes 16-bit PCM.</summary>
    public byte[] ToPcm16Wav() => Pcm16Wav(AudioConvert.FloatToPcm16(Samples), SampleRate, Channels);

    /// <summary>Wraps PCM16 little-endian bytes in a WAV header.</summary>
    public static byte[] Pcm16Wav(byte[] pcm16, int sampleRate, int channels = 1)
    {
        using var stream = new MemoryStream(44 + pcm16.Length);
        using var w = new BinaryWriter(stream);
        w.Write(Encoding.ASCII.GetBytes("RIFF"));
        w.Write(36 + pcm16.Length);
        w.Write(Encoding.ASCII.GetBytes("WAVEfmt "));
        w.Write(16);
        w.Write((short)1);
        w.Write((short)channels);
        w.Write(sampleRate);
        w.Write(sampleRate * channels * 2);
        w.Write((short)(channels * 2));
        w.Write((short)16);
        w.Write(Encoding.ASCII.GetBytes("data"));
        w.Write(pcm16.Length);
        w.Write(pcm16);
        w.Flush();
        return stream.ToArray();
    }

    private static float[] Decode(byte[] bytes, int offset, int size, int format, int bits)
    {
        var bytesPerSample = bits / 8;
        if (bytesPerSample == 0 || (format != 1 && format != 3) || (format == 3 && bits != 32))
        {
            throw new InvalidDataException($"Unsupported WAV encoding (format {format}, {bits} bits); use PCM 8/16/24/32-bit or 32-bit float.");
        }

        var samples = new float[size / bytesPerSample];
        for (var i = 0; i < samples.Length; i++)
        {
            var p = offset + (i * bytesPerSample);
            samples[i] = format == 3 ? BitConverter.ToSingle(bytes, p) : bits switch
            {
                8 => (bytes[p] - 128) / 128f,
                16 => BitConverter.ToInt16(bytes, p) / 32768f,
                24 => ((bytes[p] << 8) | (bytes[p + 1] << 16) | (bytes[p + 2] << 24)) / 2147483648f,
                32 => BitConverter.ToInt32(bytes, p) / 2147483648f,
                _ => throw new InvalidDataException($"Unsupported PCM width: {bits} bits."),
            };
        }

        return samples;
    }
}
