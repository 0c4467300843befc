using System.Numerics;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;

/// <summary>
/// pytorchvideo's <c>ConstantClipsPerVideoSampler</c> as ImageBind's <c>get_clip_timepoints</c> drives it:
/// <paramref name="clipsPerVideo"/> clips of <paramref name="clipDuration"/> seconds whose starts are evenly spaced over
/// [0, max(duration - clipDuration, 0)] (all at 0 for media shorter than one clip).
/// </summary>
/// <remarks>
/// pytorchvideo computes the starts as exact <c>fractions.Fraction</c>s of the float duration, and ImageBind turns them
/// into indices two ways, both reproduced here: audio takes <c>int(start * sample_rate)</c> (exact rational, truncated),
/// video (decord's <c>get_clip</c>) takes <c>ceil(fps * start)</c> where the Fraction is first rounded to a float.
/// </remarks>
public sealed class ConstantClipsPerVideoSampler(double clipDuration, int clipsPerVideo)
{
    public double ClipDuration { get; } = clipDuration > 0 ? clipDuration : throw new ArgumentOutOfRangeException(nameof(clipDuration));

    public int ClipsPerVideo { get; } = clipsPerVideo > 0 ? clipsPerVideo : throw new ArgumentOutOfRangeException(nameof(clipsPerVideo));

    /// <summary>The clips' (start, end) times in seconds, exact.</summary>
    public IReadOnlyList<(Rational Start, Rational End)> Clips(double durationSeconds)
    {
        var maxStart = Rational.FromDouble(Math.Max(durationSeconds - ClipDuration, 0));
        var uniform = maxStart / Math.Max(ClipsPerVideo - 1, 1);
        var length = Rational.FromDouble(ClipDuration);
        return Enumerable.Range(0, ClipsPerVideo).Select(k => (uniform * k, (uniform * k) + length)).ToArray();
    }

    /// <summary>Audio sample ranges [int(start * rate), int(end * rate)) of each clip (not clamped to the length).</summary>
    public IReadOnlyList<(long Begin, long End)> SampleRanges(long samples, int sampleRate) =>
        Clips((double)samples / sampleRate).Select(c => ((c.Start * sampleRate).Floor(), (c.End * sampleRate).Floor())).ToArray();

    /// <summary>Video frame ranges [ceil(fps * start), min(ceil(fps * end), frames)) of each clip (decord's get_clip).</summary>
    public IReadOnlyList<(long Begin, long End)> FrameRanges(long frames, double fps) =>
        Clips(frames / fps).Select(c => ((long)Math.Ceiling(fps * c.Start.ToDouble()), Math.Min((long)Math.Ceiling(fps * c.End.ToDouble()), frames))).ToArray();
}

/// <summary>A non-negative exact fraction (Python's <c>fractions.Fraction</c> for what the sampler needs).</summary>
public readonly record struct Rational(BigInteger Numerator, BigInteger Denominator)
{
    /// <summary>The exact value of a finite, non-negative double.</summary>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Times must be finite and non-negative.");
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;   // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        return exponent >= 0
            ? new Rational(new BigInteger(mantissa) << exponent, BigInteger.One)
            : new Rational(new BigInteger(mantissa), BigInteger.One << -exponent);
    }

    public static Rational operator *(Rational a, long b) => new(a.Numerator * b, a.Denominator);

    public static Rational operator /(Rational a, long b) => new(a.Numerator, a.Denominator * b);

    public static Rational operator +(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public long Floor() => (long)BigInteger.Divide(Numerator, Denominator);

    /// <summary>The nearest double (ties to even), as Python's <c>float(Fraction)</c>.</summary>
    public double ToDouble()
    {
        if (Numerator.IsZero)
        {
            return 0;
        }

        // A quotient with at least 66 significant bits plus a sticky bit for a non-zero remainder rounds correctly
        // when BigInteger -> double rounds to nearest even.
        var shift = Math.Max(0, 66 - (int)(Numerator.GetBitLength() - Denominator.GetBitLength()));
        var quotient = BigInteger.DivRem(Numerator << shift, Denominator, out var remainder);
        if (!remainder.IsZero)
        {
            quotient |= BigInteger.One;
        }

        return Math.ScaleB((double)quotient, -shift);
    }
}
