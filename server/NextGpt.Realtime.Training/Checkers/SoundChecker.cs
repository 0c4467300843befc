using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>world.md's sound checker, which knows nothing of any model. Verdicts: kind, pitch (for pitched kinds), pattern.</summary>
public static class SoundChecker
{
    public static CheckResult Check(float[] samples, SoundSpec expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var reading = SoundReading.Of(samples);
        var verdicts = new List<AttributeVerdict> { new("kind", WorldWords.Word(expected.Kind), WorldWords.Word(reading.Kind)) };
        if (expected.Pitch is { } pitch)
        {
            verdicts.Add(new("pitch", WorldWords.Word(pitch), reading.Pitch is { } read ? WorldWords.Word(read) : AttributeVerdict.Unreadable));
        }

        verdicts.Add(new("pattern", WorldWords.Word(expected.Pattern), WorldWords.Word(reading.Pattern)));
        return new CheckResult(verdicts);
    }
}
