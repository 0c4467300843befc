namespace NextGpt.Realtime.Training.World;

/// <summary>
/// A fresh made-up name for each training persona, spelled letter by letter from consonant and vowel runs (4 to 8
/// letters, capitalised): a space of millions, so a name is almost never seen twice. The syllable names
/// (<see cref="SyllableNames"/>) were not enough: the world BPE learned their syllables as tokens ("Gr|isha"), and the LLM
/// learned to make up a name of that kind ("my name is Keidis") instead of copying the persona's, which a held-out name
/// such as "Cassia" (spelled " |C|ass|i|a") needs. Names this random give the LLM nothing to recall, only the persona line
/// to copy, and they are spelled in the same small pieces as the held-out names.
/// </summary>
public static class LetterNames
{
    private const string Consonants = "bcdfghjklmnprstvwz";
    private const string Vowels = "aeiouy";

    /// <summary>Draws a name that is none of <paramref name="excluded"/> (ignoring case).</summary>
    public static string Draw(WorldRandom random, IReadOnlySet<string> excluded)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(excluded);
        while (true)
        {
            var length = random.NextInclusive(4, 8);
            var vowel = random.NextBool(0.3);
            var letters = new char[length];
            for (var i = 0; i < length; i++)
            {
                var pool = vowel ? Vowels : Consonants;
                letters[i] = pool[random.Next(pool.Length)];
                // Mostly alternating, sometimes two of a kind ("nd", "ea"), so the names read as names.
                vowel = random.NextBool(0.8) ? !vowel : vowel;
            }

            letters[0] = char.ToUpperInvariant(letters[0]);
            var name = new string(letters);
            if (!excluded.Contains(name))
            {
                return name;
            }
        }
    }
}
