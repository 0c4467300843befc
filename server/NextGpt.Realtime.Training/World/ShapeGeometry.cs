namespace NextGpt.Realtime.Training.World;

/// <summary>
/// The geometry of the four shapes, in pixels. A shape is drawn at a center, an extent e (the circle's diameter, the square's
/// side, twice the triangle's and the star's outer radius) and a rotation. The star has five points and an inner radius of
/// 0.45 of its outer radius, which puts its bounding-box fill ratio at about 0.38 (world.md: star ~0.35-0.45).
/// </summary>
public static class ShapeGeometry
{
    /// <summary>Inner over outer radius of the five-pointed star.</summary>
    public const double StarInnerRatio = 0.45;

    /// <summary>Nominal extent of a small object: about 1/6 of the image width (world.md).</summary>
    public const double SmallExtent = WorldFormat.ImageSize / 6.0;

    /// <summary>Nominal extent of a large object: about 1/3 of the image width (world.md).</summary>
    public const double LargeExtent = WorldFormat.ImageSize / 3.0;

    public static double NominalExtent(ObjectSize size) => size == ObjectSize.Small ? SmallExtent : LargeExtent;

    /// <summary>Area of the shape over e squared: circle pi/4, square 1, triangle 3*sqrt(3)/16, star 5*k*sin(36 deg)/4.
    /// The size checker inverts it to read an extent back from a region's area.</summary>
    public static double AreaFactor(ShapeKind shape) => shape switch
    {
        ShapeKind.Circle => Math.PI / 4,
        ShapeKind.Square => 1.0,
        ShapeKind.Triangle => 3 * Math.Sqrt(3) / 16,
        ShapeKind.Star => 5 * StarInnerRatio * Math.Sin(Math.PI / 5) / 4,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>Whether the point (x, y) lies inside the shape centred at (cx, cy) with extent e, rotated by
    /// <paramref name="rotation"/> radians (clockwise on screen, since y points down).</summary>
    public static bool Contains(ShapeKind shape, double cx, double cy, double extent, double rotation, double x, double y)
    {
        // Undo the rotation so the test is against the upright shape centred at the origin.
        var cos = Math.Cos(rotation);
        var sin = Math.Sin(rotation);
        var dx = x - cx;
        var dy = y - cy;
        var u = (cos * dx) + (sin * dy);
        var v = (-sin * dx) + (cos * dy);
        var half = extent / 2;
        return shape switch
        {
            ShapeKind.Circle => (u * u) + (v * v) <= half * half,
            ShapeKind.Square => Math.Abs(u) <= half && Math.Abs(v) <= half,
            ShapeKind.Triangle => InsidePolygon(Polygon(3, half, half), u, v),
            ShapeKind.Star => InsidePolygon(Polygon(5, half, half * StarInnerRatio), u, v),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
    }

    /// <summary>A regular polygon (inner == outer) or star (inner &lt; outer) with its first point straight up.</summary>
    private static (double X, double Y)[] Polygon(int points, double outer, double inner)
    {
        var star = inner < outer;
        var count = star ? 2 * points : points;
        var vertices = new (double X, double Y)[count];
        for (var i = 0; i < count; i++)
        {
            var angle = (-Math.PI / 2) + (2 * Math.PI * i / count);
            var radius = star && i % 2 == 1 ? inner : outer;
            vertices[i] = (radius * Math.Cos(angle), radius * Math.Sin(angle));
        }

        return vertices;
    }

    /// <summary>Even-odd ray casting.</summary>
    private static bool InsidePolygon((double X, double Y)[] polygon, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            var (xi, yi) = polygon[i];
            var (xj, yj) = polygon[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
