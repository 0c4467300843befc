using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>world.md's clip checker, which knows nothing of any model. Verdicts: background, shape, color, size, motion
/// (world.md's text->video score counts shape, color and motion).</summary>
public static class ClipChecker
{
    public static CheckResult Check(Clip clip, ClipSpec expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var reading = ClipReading.Of(clip);
        return new CheckResult(
        [
            new("background", WorldWords.Word(expected.Background), WorldWords.Word(reading.Background)),
            new("shape", WorldWords.Word(expected.Shape), reading.Shape is { } shape ? WorldWords.Word(shape) : AttributeVerdict.Unreadable),
            new("color", WorldWords.Word(expected.Color), reading.Color is { } color ? WorldWords.Word(color) : AttributeVerdict.Unreadable),
            new("size", WorldWords.Word(expected.Size), reading.Size is { } size ? WorldWords.Word(size) : AttributeVerdict.Unreadable),
            new("motion", WorldWords.Phrase(expected.Motion), reading.Motion is { } motion ? WorldWords.Phrase(motion) : AttributeVerdict.Unreadable),
        ]);
    }
}
