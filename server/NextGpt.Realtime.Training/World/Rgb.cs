namespace NextGpt.Realtime.Training.World;

/// <summary>One 8-bit RGB color.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Euclidean distance in RGB space (0..441).</summary>
    public double DistanceTo(Rgb other) => DistanceTo(other.R, other.G, other.B);

    public double DistanceTo(double r, double g, double b)
    {
        var dr = R - r;
        var dg = G - g;
        var db = B - b;
        return Math.Sqrt((dr * dr) + (dg * dg) + (db * db));
    }

    /// <summary>This color moved by up to <paramref name="amount"/> on each channel, clamped to 0..255.</summary>
    public Rgb Jitter(WorldRandom random, int amount)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new Rgb(Shift(R, random, amount), Shift(G, random, amount), Shift(B, random, amount));
    }

    private static byte Shift(byte value, WorldRandom random, int amount) =>
        (byte)Math.Clamp(value + random.NextInclusive(-amount, amount), 0, 255);
}
