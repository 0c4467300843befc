using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Media.Video;

/// <summary>Decoded video frames (all of one size) with the stream's frame rate.</summary>
public sealed class VideoClip
{
    public VideoClip(IReadOnlyList<RgbImage> frames, double framesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A video clip needs at least one frame.", nameof(frames));
        }

        if (frames.Any(f => f.Width != frames[0].Width || f.Height != frames[0].Height))
        {
            throw new ArgumentException("Every frame of a clip must have the same size.", nameof(frames));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        Frames = frames;
        FramesPerSecond = framesPerSecond;
    }

    public IReadOnlyList<RgbImage> Frames { get; }

    public double FramesPerSecond { get; }

    public int Width => Frames[0].Width;

    public int Height => Frames[0].Height;

    public double DurationSeconds => Frames.Count / FramesPerSecond;
}
