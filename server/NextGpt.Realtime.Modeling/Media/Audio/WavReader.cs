using System.Buffers.Binary;
using System.Text;

namespace NextGpt.Realtime.Modeling.Media.Audio;

/// <summary>
/// RIFF/WAVE decoding in C# (no ffmpeg process): PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64, also inside
/// WAVE_FORMAT_EXTENSIBLE, any channel count. Samples are scaled as torchaudio.load(normalize=True) scales them.
/// </summary>
/// <remarks>
/// Headers are checked against the data before anything is allocated: a data chunk claiming more bytes than the file
/// holds, a block alignment that does not match channels x bytes per sample, a zero sample rate or channel count, a
/// duration over <see cref="MediaLimits.MaxAudioSeconds"/>, or no samples at all are each a <see cref="MediaFormatException"/>.
/// A data size of 0 or 0xFFFFFFFF followed by data is the "unknown length" streaming writers (ffmpeg on a pipe) use:
/// the rest of the file is read.
/// </remarks>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static bool LooksLikeWav(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WAVE"u8);

    public static PcmAudio Read(byte[] bytes, MediaLimits? limits = null, string name = "audio")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        limits ??= MediaLimits.Default;
        if (bytes.Length == 0)
        {
            throw new MediaFormatException($"{name} is empty (0 bytes).");
        }

        if (!LooksLikeWav(bytes))
        {
            throw new MediaFormatException($"{name} is not a WAV file (no RIFF/WAVE header).");
        }

        Format? format = null;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
            var body = position + 8;
            if (id == "fmt ")
            {
                format = ReadFormat(bytes, body, size, name);
            }
            else if (id == "data")
            {
                if (format is null)
                {
                    throw new MediaFormatException($"{name}: the WAV data chunk comes before its fmt chunk.");
                }

                var available = bytes.Length - body;
                long length = size;
                if (size == 0 || size == uint.MaxValue)
                {
                    length = available;   // streaming writer: length unknown
                }
                else if (size > available)
                {
                    throw new MediaFormatException(
                        $"{name}: the WAV header claims {size:N0} bytes of audio but only {available:N0} follow (truncated file or wrong header).");
                }

                return Decode(bytes.AsSpan(body, (int)length), format, limits, name);
            }

            // Chunks are word-aligned: odd sizes carry one pad byte.
            position = (int)Math.Min(bytes.Length, (long)body + size + (size & 1));
        }

        throw new MediaFormatException(format is null ? $"{name}: the WAV file has no fmt chunk." : $"{name}: the WAV file has no data chunk.");
    }

    public static PcmAudio Read(string path, MediaLimits? limits = null) => Read(File.ReadAllBytes(path), limits, Path.GetFileName(path));

    private sealed record Format(int Channels, int SampleRate, int BitsPerSample, bool IsFloat);

    private static Format ReadFormat(byte[] bytes, int body, uint size, string name)
    {
        if (size < 16 || body + 16 > bytes.Length)
        {
            throw new MediaFormatException($"{name}: the WAV fmt chunk is {size} bytes, shorter than the 16 it needs.");
        }

        var span = bytes.AsSpan(body);
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(span);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(span[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(span[14..]);
        if (tag == FormatExtensible && size >= 40 && body + 26 <= bytes.Length)
        {
            tag = BinaryPrimitives.ReadUInt16LittleEndian(span[24..]);   // first two bytes of the SubFormat GUID
        }

        var isFloat = tag == FormatFloat;
        if (tag != FormatPcm && !isFloat)
        {
            throw new MediaFormatException($"{name}: WAV encoding {tag} is not PCM or IEEE float (compressed WAV: convert it, or give another format to ffmpeg).");
        }

        if (channels == 0 || sampleRate == 0 || sampleRate > 1_000_000)
        {
            throw new MediaFormatException($"{name}: the WAV header says {channels} channels at {sampleRate} Hz.");
        }

        var supported = isFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
        if (!supported)
        {
            throw new MediaFormatException($"{name}: {bits}-bit {(isFloat ? "float" : "PCM")} WAV is not supported.");
        }

        if (blockAlign != channels * (bits / 8))
        {
            throw new MediaFormatException($"{name}: the WAV block alignment {blockAlign} does not match {channels} channels of {bits}-bit samples.");
        }

        return new Format(channels, (int)sampleRate, bits, isFloat);
    }

    private static PcmAudio Decode(ReadOnlySpan<byte> data, Format format, MediaLimits limits, string name)
    {
        var bytesPerSample = format.BitsPerSample / 8;
        var frameBytes = bytesPerSample * format.Channels;
        var frames = data.Length / frameBytes;
        if (frames == 0)
        {
            throw new MediaFormatException($"{name} holds no audio samples (zero-length WAV).");
        }

        if ((double)frames / format.SampleRate > limits.MaxAudioSeconds)
        {
            throw new MediaFormatException($"{name} is {(double)frames / format.SampleRate:F0} s long, over the {limits.MaxAudioSeconds} s limit (MediaLimits.MaxAudioSeconds).");
        }

        var channels = new float[format.Channels][];
        for (var c = 0; c < format.Channels; c++)
        {
            channels[c] = new float[frames];
        }

        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < format.Channels; c++)
            {
                channels[c][i] = Sample(data.Slice((i * frameBytes) + (c * bytesPerSample), bytesPerSample), format);
            }
        }

        return new PcmAudio(format.SampleRate, channels);
    }

    /// <summary>torchaudio (sox_io) normalisation: integers divided by 2^(bits-1), 8-bit unsigned centred on 128.</summary>
    private static float Sample(ReadOnlySpan<byte> s, Format format) => (format.BitsPerSample, format.IsFloat) switch
    {
        (8, false) => (s[0] - 128) / 128f,
        (16, false) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
        (24, false) => ((s[0] | (s[1] << 8) | ((sbyte)s[2] << 16)) / 8388608f),
        (32, false) => (float)(BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0),
        (32, true) => BinaryPrimitives.ReadSingleLittleEndian(s),
        _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
    };
}
