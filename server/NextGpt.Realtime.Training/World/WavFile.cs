using System.Text;

namespace NextGpt.Realtime.Training.World;

/// <summary>Writes mono PCM as a 16-bit WAV file (RIFF, format 1), samples clamped to [-1, 1].</summary>
public static class WavFile
{
    public static void Write(float[] samples, string path, int sampleRate = WorldFormat.SampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.Create(path);
        Write(samples, stream, sampleRate);
    }

    public static void Write(float[] samples, Stream stream, int sampleRate = WorldFormat.SampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        var dataBytes = samples.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var sample in samples)
        {
            writer.Write((short)Math.Round(Math.Clamp(sample, -1f, 1f) * short.MaxValue));
        }
    }

    /// <summary>Reads a file written by <see cref="Write(float[], Stream, int)"/> (16-bit mono PCM) back to samples.</summary>
    public static (float[] Samples, int SampleRate) Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true);
        if (Encoding.ASCII.GetString(reader.ReadBytes(4)) != "RIFF")
        {
            throw new InvalidDataException("Not a WAV file: no RIFF header.");
        }

        reader.ReadInt32();
        if (Encoding.ASCII.GetString(reader.ReadBytes(4)) != "WAVE")
        {
            throw new InvalidDataException("Not a WAV file: no WAVE tag.");
        }

        var sampleRate = 0;
        while (stream.Position < stream.Length)
        {
            var chunk = Encoding.ASCII.GetString(reader.ReadBytes(4));
            var size = reader.ReadInt32();
            if (chunk == "fmt ")
            {
                var format = reader.ReadInt16();
                var channels = reader.ReadInt16();
                sampleRate = reader.ReadInt32();
                reader.ReadInt32();
                reader.ReadInt16();
                var bits = reader.ReadInt16();
                if (format != 1 || channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"Only 16-bit mono PCM WAV is read here (got format {format}, {channels} channels, {bits} bits).");
                }

                reader.ReadBytes(size - 16);
            }
            else if (chunk == "data")
            {
                var samples = new float[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = reader.ReadInt16() / (float)short.MaxValue;
                }

                return (samples, sampleRate);
            }
            else
            {
                reader.ReadBytes(size);
            }
        }

        throw new InvalidDataException("The WAV file has no data chunk.");
    }
}
