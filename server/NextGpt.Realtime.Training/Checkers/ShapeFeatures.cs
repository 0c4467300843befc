using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>
/// The geometry the shape checker reads from a region, all of it unchanged by rotation (a spinning square must stay a square).
/// <list type="bullet">
/// <item><see cref="Fill"/>: world.md's fill ratio of the bounding box (square ~1.0, circle ~0.79, triangle ~0.5, star
/// ~0.35-0.45), over the smallest enclosing rectangle at any angle.</item>
/// <item><see cref="Solidity"/>: area over convex-hull area. It stands for world.md's corner count where that matters: a
/// star's five inner corners make it concave (about 0.6), the other shapes are convex (0.8 and more once pixelated).</item>
/// <item><see cref="Compactness"/>: area over the disc through the farthest hull point: circle ~0.8-0.9, square ~0.63,
/// triangle and star ~0.42. It separates a circle from a turned square, whose fill ratios are alike once pixelated.</item>
/// </list>
/// The thresholds sit halfway between the ranges measured over many renders of each shape at both sizes, upright and turned
/// (ImageCheckerTests and ClipCheckerTests hold them to every shape, size and turn the world draws).
/// </summary>
public sealed record ShapeFeatures(double Fill, double Solidity, double Compactness)
{
    /// <summary>Fill ratio above which a region is a circle or a square (triangles reach 0.68, stars 0.63).</summary>
    public const double RoundOrSquareFill = 0.70;

    /// <summary>Compactness above which a region is a circle or a square (triangles reach 0.51, stars 0.56).</summary>
    public const double RoundOrSquareCompactness = 0.60;

    /// <summary>Compactness above which a round-or-square region is a circle (squares reach 0.69, circles start at 0.73).</summary>
    public const double CircleCompactness = 0.71;

    /// <summary>Solidity below which a pointed region is a star (stars reach 0.75, triangles start at 0.77).</summary>
    public const double StarSolidity = 0.76;

    public static ShapeFeatures Of(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var hull = ConvexHull.Of(region.Pixels);
        var radiusSquared = hull.Max(p => Math.Pow(p.X - region.CentroidX, 2) + Math.Pow(p.Y - region.CentroidY, 2));
        return new ShapeFeatures(
            region.Area / ConvexHull.MinimumRectangleArea(hull),
            region.Area / ConvexHull.Area(hull),
            region.Area / (Math.PI * radiusSquared));
    }

    public ShapeKind Classify()
    {
        if (Fill >= RoundOrSquareFill || Compactness >= RoundOrSquareCompactness)
        {
            return Compactness >= CircleCompactness ? ShapeKind.Circle : ShapeKind.Square;
        }

        return Solidity < StarSolidity ? ShapeKind.Star : ShapeKind.Triangle;
    }
}
