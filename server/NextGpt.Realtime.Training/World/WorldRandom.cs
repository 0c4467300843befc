namespace NextGpt.Realtime.Training.World;

/// <summary>
/// The world's random source: SplitMix64 (Steele, Lea and Flood 2014), written here so a seed gives the same world on every
/// .NET version and machine (System.Random's seeded sequence is an implementation detail).
/// </summary>
public sealed class WorldRandom
{
    private ulong _state;

    public WorldRandom(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The stream for one sample: the split, the kind of sample and the seed are mixed so that the same seed in two
    /// splits or two kinds gives unrelated samples.</summary>
    public static WorldRandom For(WorldSplit split, string stream, long seed)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hash = 0xCBF29CE484222325UL;
        foreach (var character in stream)
        {
            hash = (hash ^ character) * 0x100000001B3UL;
        }

        var mixed = Mix((ulong)seed) ^ Mix(hash + (ulong)split + 1);
        return new WorldRandom(mixed);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [0, count).</summary>
    public int Next(int count)
    {
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be positive.");
        }

        return (int)(NextUInt64() % (ulong)count);
    }

    /// <summary>Uniform integer in [min, max] (both included).</summary>
    public int NextInclusive(int min, int max) => min + Next(max - min + 1);

    public bool NextBool(double probability = 0.5) => NextDouble() < probability;

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("Cannot pick from an empty list.", nameof(items));
        }

        return items[Next(items.Count)];
    }

    /// <summary>A fresh seed for a child stream (e.g. the render seed of a scene).</summary>
    public long NextSeed() => (long)(NextUInt64() >> 1);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
