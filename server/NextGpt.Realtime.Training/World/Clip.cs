using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Training.World;

/// <summary>A clip: frames of equal size, shown at <see cref="WorldFormat.ClipFramesPerSecond"/>.</summary>
public sealed class Clip
{
    public Clip(IReadOnlyList<RgbImage> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A clip needs at least one frame.", nameof(frames));
        }

        if (frames.Any(frame => frame.Width != frames[0].Width || frame.Height != frames[0].Height))
        {
            throw new ArgumentException("All frames of a clip must have the same size.", nameof(frames));
        }

        Frames = frames;
    }

    public IReadOnlyList<RgbImage> Frames { get; }
}
