using System;

namespace NextGpt.Realtime.Client.Audio;

/// <summary>Sample-format conversions between engines' float audio and the wire's PCM16 little-endian.</summary>
public static class AudioConvert
{
    /// <summary>PCM16 little-endian bytes to floats in [-1, 1) (an engine's audio clip data).</summary>
    public static float[] Pcm16ToFloat(ReadOnlySpan<byte> pcm16)
    {
        if (pcm16.Length % 2 != 0)
        {
            throw new ArgumentException("PCM16 needs an even number of bytes (2 per sample).", nameof(pcm16));
        }

        var samples = new float[pcm16.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(pcm16[2 * i] | (pcm16[(2 * i) + 1] << 8)) / 32768f;
        }

        return samples;
    }

    /// <summary>Floats (clipped to [-1, 1]) to PCM16 little-endian bytes.</summary>
    public static byte[] FloatToPcm16(ReadOnlySpan<float> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var value = ToInt16(samples[i]);
            bytes[2 * i] = (byte)value;
            bytes[(2 * i) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }

    public static short ToInt16(float sample)
    {
        var scaled = Math.Round(sample * 32768.0);
        return (short)Math.Max(short.MinValue, Math.Min(short.MaxValue, scaled));
    }

    /// <summary>Interleaved multi-channel floats to mono by averaging the channels.</summary>
    public static float[] DownmixToMono(ReadOnlySpan<float> interleaved, int channels)
    {
        CheckChannels(interleaved.Length, channels);
        var mono = new float[interleaved.Length / channels];
        for (var frame = 0; frame < mono.Length; frame++)
        {
            var sum = 0f;
            for (var c = 0; c < channels; c++)
            {
                sum += interleaved[(frame * channels) + c];
            }

            mono[frame] = sum / channels;
        }

        return mono;
    }

    /// <summary>Interleaved multi-channel PCM16 samples to mono floats.</summary>
    public static float[] DownmixToMono(ReadOnlySpan<short> interleaved, int channels)
    {
        CheckChannels(interleaved.Length, channels);
        var mono = new float[interleaved.Length / channels];
        for (var frame = 0; frame < mono.Length; frame++)
        {
            var sum = 0f;
            for (var c = 0; c < channels; c++)
            {
                sum += interleaved[(frame * channels) + c];
            }

            mono[frame] = sum / channels / 32768f;
        }

        return mono;
    }

    private static void CheckChannels(int length, int channels)
    {
        if (channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), "At least one channel is needed.");
        }

        if (length % channels != 0)
        {
            throw new ArgumentException($"{length} interleaved samples are not a whole number of {channels}-channel frames.");
        }
    }
}
