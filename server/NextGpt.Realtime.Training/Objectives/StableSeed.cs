namespace NextGpt.Realtime.Training.Objectives;

/// <summary>
/// Seeds derived from several values that are the same in every process (<see cref="HashCode"/> is randomised per
/// process, which would give a resumed run other batches than the run it continues).
/// </summary>
public static class StableSeed
{
    /// <summary>Mixes the parts with SplitMix64's finaliser.</summary>
    public static int Mix(params long[] parts)
    {
        var state = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            state ^= unchecked((ulong)part);
            state = unchecked((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL);
            state = unchecked((state ^ (state >> 27)) * 0x94D049BB133111EBUL);
            state ^= state >> 31;
        }

        return unchecked((int)state);
    }

    /// <summary>FNV-1a over the UTF-16 code units of a name.</summary>
    public static long Of(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 0x100000001B3UL);
        }

        return unchecked((long)hash);
    }
}
