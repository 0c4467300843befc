using System.Numerics;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>In-place iterative radix-2 Cooley-Tukey FFT, enough for the sound checker's short-time spectra.</summary>
public static class Fft
{
    public static void Forward(Complex[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Length;
        if (n == 0 || (n & (n - 1)) != 0)
        {
            throw new ArgumentException($"The FFT length must be a power of two, got {n}.", nameof(data));
        }

        // Bit-reversal permutation.
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        var twiddles = Twiddles(n);
        for (var length = 2; length <= n; length <<= 1)
        {
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < length / 2; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + (length / 2)] * twiddles[k * stride];
                    data[start + k] = even + odd;
                    data[start + k + (length / 2)] = even - odd;
                }
            }
        }
    }

    /// <summary>exp(-2 pi i k / n) for k &lt; n/2, computed once per length.</summary>
    private static Complex[] Twiddles(int n) => TwiddleCache.GetOrAdd(n, length =>
        [.. Enumerable.Range(0, length / 2).Select(k => Complex.FromPolarCoordinates(1, -2 * Math.PI * k / length))]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Complex[]> TwiddleCache = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, double[]> HannCache = new();

    /// <summary>Power spectrum |X_k|^2 for k = 0..n/2 of a Hann-windowed real frame.</summary>
    public static double[] PowerSpectrum(ReadOnlySpan<float> frame)
    {
        var n = frame.Length;
        var window = HannCache.GetOrAdd(n, length => [.. Enumerable.Range(0, length).Select(i => 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / length)))]);
        var data = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = new Complex(frame[i] * window[i], 0);
        }

        Forward(data);
        var power = new double[(n / 2) + 1];
        for (var k = 0; k < power.Length; k++)
        {
            power[k] = (data[k].Real * data[k].Real) + (data[k].Imaginary * data[k].Imaginary);
        }

        return power;
    }
}
