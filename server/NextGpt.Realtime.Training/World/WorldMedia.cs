using NextGpt.Realtime.Modeling.Media.Images;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Training.World;

/// <summary>One medium of the world: its ground truth, its canonical caption, and the seed that renders it.</summary>
[JsonDerivedType(typeof(ImageMedia), "image")]
[JsonDerivedType(typeof(SoundMedia), "audio")]
[JsonDerivedType(typeof(ClipMedia), "video")]
public abstract record WorldMedia(long RenderSeed)
{
    public abstract MediaKind Kind { get; }

    public abstract string Caption { get; }
}

/// <summary>An image: <see cref="ImageRenderer.Render"/> of the scene with the render seed.</summary>
public sealed record ImageMedia(ImageScene Scene, long RenderSeed) : WorldMedia(RenderSeed)
{
    public override MediaKind Kind => MediaKind.Image;

    public override string Caption => Scene.Caption;

    public RgbImage Render() => ImageRenderer.Render(Scene, RenderSeed);
}

/// <summary>A sound: <see cref="SoundSynthesizer.Render"/> of the spec with the render seed.</summary>
public sealed record SoundMedia(SoundSpec Sound, long RenderSeed) : WorldMedia(RenderSeed)
{
    public override MediaKind Kind => MediaKind.Audio;

    public override string Caption => Sound.Caption;

    public float[] Render() => SoundSynthesizer.Render(Sound, RenderSeed);
}

/// <summary>A clip: <see cref="ClipRenderer.Render"/> of the spec with the render seed.</summary>
public sealed record ClipMedia(ClipSpec Clip, long RenderSeed) : WorldMedia(RenderSeed)
{
    public override MediaKind Kind => MediaKind.Video;

    public override string Caption => Clip.Caption;

    public Clip Render() => ClipRenderer.Render(Clip, RenderSeed);
}
