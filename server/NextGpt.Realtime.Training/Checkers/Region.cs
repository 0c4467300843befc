using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>A connected set of pixels that differ from the background: one object as the checkers see it.</summary>
public sealed class Region
{
    public Region(IReadOnlyList<(int X, int Y)> pixels, double meanR, double meanG, double meanB)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Count == 0)
        {
            throw new ArgumentException("A region needs at least one pixel.", nameof(pixels));
        }

        Pixels = pixels;
        MeanColor = (meanR, meanG, meanB);
        CentroidX = pixels.Average(p => p.X + 0.5);
        CentroidY = pixels.Average(p => p.Y + 0.5);
        MinX = pixels.Min(p => p.X);
        MaxX = pixels.Max(p => p.X);
        MinY = pixels.Min(p => p.Y);
        MaxY = pixels.Max(p => p.Y);
    }

    public IReadOnlyList<(int X, int Y)> Pixels { get; }

    /// <summary>Area in pixels.</summary>
    public int Area => Pixels.Count;

    /// <summary>Mean color of the region's interior (its edge pixels left out when there is an interior).</summary>
    public (double R, double G, double B) MeanColor { get; }

    /// <summary>Centroid in pixel coordinates (pixel centers at +0.5).</summary>
    public double CentroidX { get; }

    public double CentroidY { get; }

    public int MinX { get; }

    public int MaxX { get; }

    public int MinY { get; }

    public int MaxY { get; }

    /// <summary>Nearest palette color of the region's mean (world.md's color rule).</summary>
    public ObjectColor Color
    {
        get
        {
            var (r, g, b) = MeanColor;
            return Enum.GetValues<ObjectColor>().MinBy(color => Palette.Of(color).DistanceTo(r, g, b));
        }
    }
}
