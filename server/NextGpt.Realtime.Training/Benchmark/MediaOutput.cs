using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Benchmark;

/// <summary>A medium a model produced: an image, a sound or a clip.</summary>
public abstract record MediaOutput
{
    public abstract MediaKind Kind { get; }

    /// <summary>Mean absolute difference to another output of the same kind, on the 0-1 scale (pixels over 255; samples as
    /// they are), or 1 when the kinds or sizes differ.</summary>
    public abstract double DifferenceTo(MediaOutput other);

    /// <summary>Checks this output against the ground truth of the request; an output of another modality fails every
    /// attribute of the request.</summary>
    public CheckResult CheckAgainst(WorldMedia request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request, this) switch
        {
            (ImageMedia image, ImageOutput output) => ImageChecker.Check(output.Image, image.Scene),
            (SoundMedia sound, SoundOutput output) => SoundChecker.Check(output.Samples, sound.Sound),
            (ClipMedia clip, ClipOutput output) => ClipChecker.Check(output.Clip, clip.Clip),
            _ => WrongModality(request),
        };
    }

    /// <summary>Every attribute the right checker would have judged, each read as "none".</summary>
    private static CheckResult WrongModality(WorldMedia request) => request switch
    {
        ImageMedia image => new CheckResult(
            [
                new("background", WorldWords.Word(image.Scene.Background), AttributeVerdict.Unreadable),
                .. image.Scene.Objects.SelectMany((item, i) => new AttributeVerdict[]
                {
                    new("shape" + Suffix(i), WorldWords.Word(item.Shape), AttributeVerdict.Unreadable),
                    new("color" + Suffix(i), WorldWords.Word(item.Color), AttributeVerdict.Unreadable),
                    new("size" + Suffix(i), WorldWords.Word(item.Size), AttributeVerdict.Unreadable),
                    new("position" + Suffix(i), WorldWords.Word(item.Position), AttributeVerdict.Unreadable),
                }),
            ]),
        SoundMedia sound => new CheckResult(
            [
                new("kind", WorldWords.Word(sound.Sound.Kind), AttributeVerdict.Unreadable),
                .. sound.Sound.Pitch is { } pitch ? new AttributeVerdict[] { new("pitch", WorldWords.Word(pitch), AttributeVerdict.Unreadable) } : [],
                new("pattern", WorldWords.Word(sound.Sound.Pattern), AttributeVerdict.Unreadable),
            ]),
        ClipMedia clip => new CheckResult(
            [
                new("shape", WorldWords.Word(clip.Clip.Shape), AttributeVerdict.Unreadable),
                new("color", WorldWords.Word(clip.Clip.Color), AttributeVerdict.Unreadable),
                new("motion", WorldWords.Phrase(clip.Clip.Motion), AttributeVerdict.Unreadable),
            ]),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "Unknown medium."),
    };

    private static string Suffix(int index) => index == 0 ? string.Empty : $"#{index + 1}";
}

public sealed record ImageOutput(RgbImage Image) : MediaOutput
{
    public override MediaKind Kind => MediaKind.Image;

    public override double DifferenceTo(MediaOutput other) =>
        other is ImageOutput image && image.Image.Pixels.Length == Image.Pixels.Length
            ? Image.Pixels.Zip(image.Image.Pixels, (a, b) => Math.Abs(a - b)).Average() / 255.0
            : 1.0;
}

public sealed record SoundOutput(float[] Samples) : MediaOutput
{
    public override MediaKind Kind => MediaKind.Audio;

    public override double DifferenceTo(MediaOutput other) =>
        other is SoundOutput sound && sound.Samples.Length == Samples.Length
            ? Samples.Zip(sound.Samples, (a, b) => Math.Abs(a - b)).Average()
            : 1.0;
}

public sealed record ClipOutput(Clip Clip) : MediaOutput
{
    public override MediaKind Kind => MediaKind.Video;

    public override double DifferenceTo(MediaOutput other) =>
        other is ClipOutput clip && clip.Clip.Frames.Count == Clip.Frames.Count
            ? Clip.Frames.Zip(clip.Clip.Frames, (a, b) => new ImageOutput(a).DifferenceTo(new ImageOutput(b))).Average()
            : 1.0;
}
