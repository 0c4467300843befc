using System;
using System.Collections.Generic;

namespace NextGpt.Realtime.Client.Audio;

/// <summary>
/// Streaming band-limited resampler (windowed sinc, Kaiser window beta 8.6, about -80 dB side lobes) for any pair of
/// rates. Downsampling lowers the cut-off to 0.9 of the output Nyquist so nothing above it aliases back into speech.
/// Chunks may have any size; the output of many chunks equals the output of one. For rational ratios with at most
/// 1024 phases the filter is tabulated per phase; otherwise it is evaluated per sample.
/// Algorithm: J. O. Smith, "Digital Audio Resampling", https://ccrma.stanford.edu/~jos/resample/.
/// </summary>
public sealed class Resampler
{
    private const int ZeroCrossings = 16;
    private const double KaiserBeta = 8.6;
    private const int MaxTabulatedPhases = 1024;

    private readonly int _step;      // M: input samples per L output samples
    private readonly int _phases;    // L
    private readonly int _halfWidth; // H: taps each side, in input samples
    private readonly double _cutoff; // relative to the input Nyquist
    private readonly float[][]? _table;
    private readonly List<float> _buffer = [];
    private long _index;              // input index (in _buffer) of the next output's left neighbour
    private int _phase;               // 0.._phases-1: the next output's fractional position * L
    private long _inputSeen;
    private long _outputMade;

    public Resampler(int inputRate, int outputRate)
    {
        if (inputRate <= 0 || outputRate <= 0)
        {
            throw new ArgumentOutOfRangeException(inputRate <= 0 ? nameof(inputRate) : nameof(outputRate), "Sample rates must be positive.");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        var g = Gcd(inputRate, outputRate);
        _phases = outputRate / g;
        _step = inputRate / g;
        _cutoff = outputRate < inputRate ? 0.9 * outputRate / inputRate : 0.95;
        _halfWidth = (int)Math.Ceiling(ZeroCrossings / _cutoff);
        if (_phases <= MaxTabulatedPhases)
        {
            _table = new float[_phases][];
            for (var p = 0; p < _phases; p++)
            {
                _table[p] = Taps((double)p / _phases);
            }
        }

        // The signal is taken as silent before its first sample.
        _buffer.AddRange(new float[_halfWidth]);
        _index = _halfWidth;
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>Resamples the next chunk; returns the output samples that are complete so far.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        _inputSeen += input.Length;
        for (var i = 0; i < input.Length; i++)
        {
            _buffer.Add(input[i]);
        }

        return Drain(long.MaxValue);
    }

    /// <summary>Ends the stream: returns the remaining output (the total is round(inputs * out / in)).</summary>
    public float[] Flush()
    {
        _buffer.AddRange(new float[_halfWidth + 1]);
        var total = (long)Math.Round((double)_inputSeen * OutputRate / InputRate);
        return Drain(total - _outputMade);
    }

    /// <summary>Resamples a whole signal at once.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate)
    {
        var resampler = new Resampler(inputRate, outputRate);
        var head = resampler.Process(input);
        var tail = resampler.Flush();
        var all = new float[head.Length + tail.Length];
        head.CopyTo(all, 0);
        tail.CopyTo(all, head.Length);
        return all;
    }

    private float[] Drain(long limit)
    {
        var output = new List<float>();
        while (output.Count < limit && _index + _halfWidth < _buffer.Count)
        {
            var taps = _table?[_phase] ?? Taps((double)_phase / _phases);
            var start = (int)(_index - _halfWidth + 1);
            var sum = 0.0;
            for (var j = 0; j < taps.Length; j++)
            {
                sum += taps[j] * _buffer[start + j];
            }

            output.Add((float)sum);
            _phase += _step;
            _index += _phase / _phases;
            _phase %= _phases;
        }

        _outputMade += output.Count;

        // Keep only what the next outputs still reach back to.
        var drop = (int)Math.Max(0, _index - _halfWidth);
        if (drop > 0)
        {
            _buffer.RemoveRange(0, drop);
            _index -= drop;
        }

        return output.ToArray();
    }

    /// <summary>Filter taps for an output at <paramref name="fraction"/> past input sample <c>index</c>, normalised to unit DC gain.</summary>
    private float[] Taps(double fraction)
    {
        var taps = new float[2 * _halfWidth];
        var sum = 0.0;
        var values = new double[taps.Length];
        for (var j = 0; j < taps.Length; j++)
        {
            var distance = j - _halfWidth + 1 - fraction;
            var x = _cutoff * distance;
            var sinc = Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
            var r = distance / _halfWidth;
            var window = Math.Abs(r) >= 1 ? 0 : BesselI0(KaiserBeta * Math.Sqrt(1 - (r * r))) / BesselI0(KaiserBeta);
            values[j] = _cutoff * sinc * window;
            sum += values[j];
        }

        for (var j = 0; j < taps.Length; j++)
        {
            taps[j] = (float)(values[j] / sum);
        }

        return taps;
    }

    private static double BesselI0(double x)
    {
        // Power series; converges fast for the arguments a Kaiser window uses (x <= 8.6).
        var sum = 1.0;
        var term = 1.0;
        for (var k = 1; k < 50; k++)
        {
            term *= x / (2 * k);
            var squared = term * term;
            sum += squared;
            if (squared < 1e-12 * sum)
            {
                break;
            }
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
