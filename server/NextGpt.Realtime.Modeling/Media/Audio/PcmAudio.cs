using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Media.Audio;

/// <summary>
/// Decoded audio: one float array per channel (planar), samples in [-1, 1] scaled as torchaudio.load(normalize=True)
/// scales them (16-bit / 32768, 8-bit (x - 128) / 128, ...), at <see cref="SampleRate"/> Hz.
/// </summary>
public sealed class PcmAudio
{
    public PcmAudio(int sampleRate, IReadOnlyList<float[]> channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            throw new ArgumentException("Audio needs at least one channel.", nameof(channels));
        }

        if (channels.Any(c => c.Length != channels[0].Length))
        {
            throw new ArgumentException("Every channel must hold the same number of samples.", nameof(channels));
        }

        SampleRate = sampleRate;
        Channels = channels;
    }

    public int SampleRate { get; }

    /// <summary>Planar samples: Channels[c][i].</summary>
    public IReadOnlyList<float[]> Channels { get; }

    public int ChannelCount => Channels.Count;

    /// <summary>Samples per channel.</summary>
    public int Length => Channels[0].Length;

    public double DurationSeconds => (double)Length / SampleRate;

    /// <summary>Mono audio from one channel of samples.</summary>
    public static PcmAudio Mono(int sampleRate, float[] samples) => new(sampleRate, [samples]);

    /// <summary>(channels, samples) float32, the layout torchaudio.load returns.</summary>
    public Tensor ToTensor()
    {
        using var scope = NewDisposeScope();
        return stack(Channels.Select(c => tensor(c)).ToArray()).MoveToOuterDisposeScope();
    }

    /// <summary>From a (channels, samples) or (samples) float tensor.</summary>
    public static PcmAudio FromTensor(Tensor waveform, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        using var scope = NewDisposeScope();
        var planar = (waveform.dim() == 1 ? waveform.unsqueeze(0) : waveform).to_type(ScalarType.Float32).cpu();
        if (planar.dim() != 2)
        {
            throw new ArgumentException($"A waveform is (channels, samples) or (samples); got shape [{string.Join(", ", waveform.shape)}].", nameof(waveform));
        }

        return new PcmAudio(sampleRate, Enumerable.Range(0, (int)planar.shape[0]).Select(c => planar[c].contiguous().data<float>().ToArray()).ToArray());
    }
}
