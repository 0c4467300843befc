using System.Text.RegularExpressions;
using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Benchmark;

/// <summary>
/// Reads the attributes an NPC names in a description (world.md's image->text, audio->text and video->text scores). It reads
/// the canonical words of <see cref="WorldWords"/>: a color and a size within the three words before a shape word belong to
/// that shape, a position word after it up to the next shape; the background is the word before "background". An attribute
/// counts as named correctly when the description's object (matched by shape, else by order) carries the true word.
/// </summary>
public static partial class DescriptionParser
{
    private sealed record Mention(string Shape, string? Color, string? Size, string? Position, string? Motion);

    /// <summary>The verdicts for every attribute the input's canonical caption names.</summary>
    public static CheckResult Score(WorldMedia input, string reply)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(reply);
        var words = Words(reply);
        return input switch
        {
            ImageMedia image => ScoreImage(image.Scene, words),
            SoundMedia sound => ScoreSound(sound.Sound, words),
            ClipMedia clip => ScoreClip(clip.Clip, words),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown medium."),
        };
    }

    private static CheckResult ScoreImage(ImageScene scene, IReadOnlyList<string> words)
    {
        var mentions = Mentions(words);
        var background = Enumerable.Range(1, Math.Max(0, words.Count - 1)).Where(i => words[i] == "background")
            .Select(i => words[i - 1]).FirstOrDefault(w => Enum.GetValues<Background>().Any(b => WorldWords.Word(b) == w));
        var verdicts = new List<AttributeVerdict> { new("background", WorldWords.Word(scene.Background), background ?? AttributeVerdict.Unreadable) };
        var unused = mentions.ToList();
        for (var i = 0; i < scene.Objects.Count; i++)
        {
            var item = scene.Objects[i];
            var suffix = i == 0 ? string.Empty : $"#{i + 1}";
            var mention = unused.FirstOrDefault(m => m.Shape == WorldWords.Word(item.Shape)) ?? unused.FirstOrDefault();
            if (mention is not null)
            {
                unused.Remove(mention);
            }

            verdicts.Add(new("shape" + suffix, WorldWords.Word(item.Shape), mention?.Shape ?? AttributeVerdict.Unreadable));
            verdicts.Add(new("color" + suffix, WorldWords.Word(item.Color), mention?.Color ?? AttributeVerdict.Unreadable));
            verdicts.Add(new("size" + suffix, WorldWords.Word(item.Size), mention?.Size ?? AttributeVerdict.Unreadable));
            verdicts.Add(new("position" + suffix, WorldWords.Word(item.Position), mention?.Position ?? AttributeVerdict.Unreadable));
        }

        return new CheckResult(verdicts);
    }

    /// <summary>A sound description names the kind, and the pitch and pattern where the canonical caption does ("wind" names
    /// only its kind, "a drum pulsing" no pitch).</summary>
    private static CheckResult ScoreSound(SoundSpec sound, IReadOnlyList<string> words)
    {
        string? First<T>(Func<T, string> word)
            where T : struct, Enum => words.FirstOrDefault(w => Enum.GetValues<T>().Any(v => word(v) == w));
        var verdicts = new List<AttributeVerdict> { new("kind", WorldWords.Word(sound.Kind), First<SoundKind>(WorldWords.Word) ?? AttributeVerdict.Unreadable) };
        if (sound.Pitch is { } pitch)
        {
            verdicts.Add(new("pitch", WorldWords.Word(pitch), First<Pitch>(WorldWords.Word) ?? AttributeVerdict.Unreadable));
        }

        if (sound.Kind != SoundKind.Wind)
        {
            verdicts.Add(new("pattern", WorldWords.Word(sound.Pattern), First<SoundPattern>(WorldWords.Word) ?? AttributeVerdict.Unreadable));
        }

        return new CheckResult(verdicts);
    }

    private static CheckResult ScoreClip(ClipSpec clip, IReadOnlyList<string> words)
    {
        var mentions = Mentions(words);
        var mention = mentions.FirstOrDefault(m => m.Shape == WorldWords.Word(clip.Shape)) ?? mentions.FirstOrDefault();
        return new CheckResult(
        [
            new("shape", WorldWords.Word(clip.Shape), mention?.Shape ?? AttributeVerdict.Unreadable),
            new("color", WorldWords.Word(clip.Color), mention?.Color ?? AttributeVerdict.Unreadable),
            new("motion", WorldWords.Phrase(clip.Motion), mention?.Motion ?? AttributeVerdict.Unreadable),
        ]);
    }

    private static List<Mention> Mentions(IReadOnlyList<string> words)
    {
        var shapes = Enum.GetValues<ShapeKind>().Select(WorldWords.Word).ToHashSet();
        var colors = Enum.GetValues<ObjectColor>().Select(WorldWords.Word).ToHashSet();
        var sizes = Enum.GetValues<ObjectSize>().Select(WorldWords.Word).ToHashSet();
        var positions = Enum.GetValues<ObjectPosition>().Select(WorldWords.Word).ToHashSet();
        var motions = Enum.GetValues<World.Motion>().Select(WorldWords.Phrase).ToHashSet();
        var shapeAt = Enumerable.Range(0, words.Count).Where(i => shapes.Contains(words[i])).ToList();
        var mentions = new List<Mention>();
        for (var n = 0; n < shapeAt.Count; n++)
        {
            var at = shapeAt[n];
            var before = words.Skip(Math.Max(0, at - 3)).Take(Math.Min(3, at)).ToList();
            var end = n + 1 < shapeAt.Count ? shapeAt[n + 1] : words.Count;
            var after = words.Skip(at + 1).Take(end - at - 1).TakeWhile(w => w != "background").ToList();
            var motion = Enumerable.Range(0, after.Count)
                .Select(i => i + 1 < after.Count && motions.Contains($"{after[i]} {after[i + 1]}") ? $"{after[i]} {after[i + 1]}" : after[i])
                .FirstOrDefault(motions.Contains);
            mentions.Add(new Mention(
                words[at],
                before.LastOrDefault(colors.Contains),
                before.LastOrDefault(sizes.Contains),
                after.FirstOrDefault(positions.Contains),
                motion));
        }

        return mentions;
    }

    private static List<string> Words(string reply) =>
        [.. WordPattern().Matches(SignalTokens.Strip(reply).ToLowerInvariant()).Select(m => m.Value)];

    [GeneratedRegex("[a-z]+")]
    private static partial Regex WordPattern();
}
