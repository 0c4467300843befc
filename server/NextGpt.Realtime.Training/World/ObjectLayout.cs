namespace NextGpt.Realtime.Training.World;

/// <summary>
/// Where objects go: each position's anchor is inside its cell of the 3x3 grid, far enough from the border that a large
/// object fits whole. The generator jitters centers by up to <see cref="PositionJitter"/> pixels and extents by up to
/// <see cref="ExtentJitter"/> of their nominal value, so two seeds of one request give different images.
/// </summary>
public static class ObjectLayout
{
    public const double PositionJitter = 2.0;

    public const double ExtentJitter = 0.1;

    /// <summary>Minimum gap in pixels between the bounding boxes of two objects, so they stay separate regions.</summary>
    public const double MinimumGap = 2.0;

    private const double Near = 14;
    private const double Middle = WorldFormat.ImageSize / 2.0;
    private const double Far = WorldFormat.ImageSize - Near;

    public static (double X, double Y) Anchor(ObjectPosition position) => position switch
    {
        ObjectPosition.Left => (Near, Middle),
        ObjectPosition.Right => (Far, Middle),
        ObjectPosition.Top => (Middle, Near),
        ObjectPosition.Bottom => (Middle, Far),
        ObjectPosition.Center => (Middle, Middle),
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, null),
    };

    /// <summary>Whether two objects could touch at the worst jitter (their largest bounding boxes closer than the gap).</summary>
    public static bool MayTouch(ImageObject first, ImageObject second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var (ax, ay) = Anchor(first.Position);
        var (bx, by) = Anchor(second.Position);
        var reach = MaximumHalfExtent(first) + MaximumHalfExtent(second) + (2 * PositionJitter) + MinimumGap;
        return Math.Abs(ax - bx) < reach && Math.Abs(ay - by) < reach;
    }

    private static double MaximumHalfExtent(ImageObject item) =>
        ShapeGeometry.NominalExtent(item.Size) * (1 + ExtentJitter) / 2;
}
