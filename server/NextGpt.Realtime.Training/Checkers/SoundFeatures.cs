using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>
/// What the sound checker measures (world.md's sound checker), from short-time spectra (1024-sample Hann frames, hop 256,
/// i.e. 64 ms every 16 ms at 16 kHz) and a 20 ms RMS envelope:
/// <list type="bullet">
/// <item><see cref="Flatness"/>: spectral flatness (geometric over arithmetic mean of the power, 60 Hz-7.5 kHz): near 0 for
/// tonal sounds, large for noise (wind).</item>
/// <item><see cref="DominantFrequency"/>: the median over loud frames of each frame's strongest frequency (pitch band).</item>
/// <item><see cref="SecondHarmonic"/>, <see cref="ThirdHarmonic"/>: power at 2f and 3f over power at f, median over loud
/// frames (timbre: a sine has neither, a square-like buzz only odd harmonics, a chime both).</item>
/// <item><see cref="Onsets"/>: times the envelope rises above half its maximum after falling below a quarter (envelope
/// modulation: pulsing is about 8 in 2 s, steady 1).</item>
/// <item><see cref="GlideOctavesPerSecond"/>: least-squares slope of log2 of the strongest frequency over time (rising and
/// falling glide an octave in 2 s: about +-0.5).</item>
/// </list>
/// </summary>
public sealed record SoundFeatures(
    double Flatness, double DominantFrequency, double SecondHarmonic, double ThirdHarmonic, int Onsets, double GlideOctavesPerSecond)
{
    public const int FrameSize = 1024;
    public const int Hop = 256;

    /// <summary>Frames quieter than this fraction of the loudest frame's energy are left out of the spectral medians.</summary>
    public const double LoudFraction = 0.05;

    public static SoundFeatures Of(float[] samples, int sampleRate = WorldFormat.SampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length < FrameSize)
        {
            throw new ArgumentException($"A sound needs at least {FrameSize} samples to be checked, got {samples.Length}.", nameof(samples));
        }

        if (samples.Any(s => !float.IsFinite(s)))
        {
            throw new ArgumentException("The sound holds NaN or infinite samples.", nameof(samples));
        }

        var binHz = (double)sampleRate / FrameSize;
        var spectra = new List<(double Time, double[] Power, double Energy)>();
        for (var start = 0; start + FrameSize <= samples.Length; start += Hop)
        {
            var power = Fft.PowerSpectrum(samples.AsSpan(start, FrameSize));
            var energy = 0.0;
            for (var k = 2; k < power.Length; k++)
            {
                energy += power[k];
            }

            spectra.Add(((start + (FrameSize / 2.0)) / sampleRate, power, energy));
        }

        var loudest = spectra.Max(s => s.Energy);
        var loud = loudest <= 0 ? [] : spectra.Where(s => s.Energy >= LoudFraction * loudest).ToList();
        if (loud.Count == 0)
        {
            return new SoundFeatures(0, 0, 0, 0, 0, 0);
        }

        var low = (int)Math.Ceiling(60 / binHz);
        var high = Math.Min((int)(7500 / binHz), (FrameSize / 2) - 4);
        var flatness = new List<double>();
        var peaks = new List<(double Time, double Frequency)>();
        var second = new List<double>();
        var third = new List<double>();
        foreach (var (time, power, _) in loud)
        {
            flatness.Add(SpectralFlatness(power, low, high));
            var peak = PeakBin(power, 2, high);
            var frequency = peak * binHz;
            peaks.Add((time, frequency));
            var fundamental = BandPower(power, peak, 2);
            second.Add(2 * peak + 3 < power.Length ? BandPower(power, 2 * peak, 3) / fundamental : 0);
            third.Add(3 * peak + 3 < power.Length ? BandPower(power, 3 * peak, 3) / fundamental : 0);
        }

        return new SoundFeatures(
            Median(flatness),
            Median(peaks.Select(p => p.Frequency)),
            Median(second),
            Median(third),
            CountOnsets(samples, sampleRate),
            Slope(peaks.Select(p => (p.Time, Math.Log2(Math.Max(p.Frequency, 1)))).ToList()));
    }

    private static double SpectralFlatness(double[] power, int low, int high)
    {
        double logSum = 0, sum = 0;
        for (var k = low; k <= high; k++)
        {
            var p = power[k] + 1e-12;
            logSum += Math.Log(p);
            sum += p;
        }

        var count = high - low + 1;
        return Math.Exp(logSum / count) / (sum / count);
    }

    /// <summary>The strongest bin, refined by a parabola through the log power of it and its neighbours.</summary>
    private static double PeakBin(double[] power, int low, int high)
    {
        var best = low;
        for (var k = low; k <= high; k++)
        {
            if (power[k] > power[best])
            {
                best = k;
            }
        }

        var (a, b, c) = (Math.Log(power[best - 1] + 1e-12), Math.Log(power[best] + 1e-12), Math.Log(power[best + 1] + 1e-12));
        var denominator = a - (2 * b) + c;
        return denominator < 0 ? best + (0.5 * (a - c) / denominator) : best;
    }

    private static double BandPower(double[] power, double center, int halfWidth)
    {
        var middle = (int)Math.Round(center);
        var sum = 1e-12;
        for (var k = Math.Max(0, middle - halfWidth); k <= Math.Min(power.Length - 1, middle + halfWidth); k++)
        {
            sum += power[k];
        }

        return sum;
    }

    /// <summary>Envelope onsets with hysteresis: up through half the peak RMS after being below a quarter of it.</summary>
    private static int CountOnsets(float[] samples, int sampleRate)
    {
        var window = sampleRate / 50;
        var hop = sampleRate / 100;
        var envelope = new List<double>();
        for (var start = 0; start + window <= samples.Length; start += hop)
        {
            var sum = 0.0;
            for (var i = start; i < start + window; i++)
            {
                sum += (double)samples[i] * samples[i];
            }

            envelope.Add(Math.Sqrt(sum / window));
        }

        var peak = envelope.Max();
        var onsets = 0;
        var on = false;
        foreach (var value in envelope)
        {
            if (!on && value > 0.5 * peak)
            {
                on = true;
                onsets++;
            }
            else if (on && value < 0.25 * peak)
            {
                on = false;
            }
        }

        return onsets;
    }

    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var covariance = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
