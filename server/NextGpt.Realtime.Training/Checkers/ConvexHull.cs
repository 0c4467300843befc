namespace NextGpt.Realtime.Training.Checkers;

/// <summary>Convex hull of a region's pixel squares (Andrew's monotone chain), its area, and the smallest-area enclosing
/// rectangle at any angle (rotating calipers: the best rectangle has a side on a hull edge; Freeman and Shapira 1975).</summary>
public static class ConvexHull
{
    /// <summary>The hull, counter-clockwise, of the corners of every pixel square of the region.</summary>
    public static IReadOnlyList<(double X, double Y)> Of(IReadOnlyList<(int X, int Y)> pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var points = pixels
            .SelectMany(p => new (double X, double Y)[] { (p.X, p.Y), (p.X + 1, p.Y), (p.X, p.Y + 1), (p.X + 1, p.Y + 1) })
            .Distinct()
            .OrderBy(p => p.X)
            .ThenBy(p => p.Y)
            .ToArray();
        if (points.Length < 3)
        {
            return points;
        }

        var hull = new (double X, double Y)[2 * points.Length];
        var k = 0;
        foreach (var point in points)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], point) <= 0)
            {
                k--;
            }

            hull[k++] = point;
        }

        for (int i = points.Length - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0)
            {
                k--;
            }

            hull[k++] = points[i];
        }

        return hull[..(k - 1)];
    }

    /// <summary>Shoelace area of a polygon.</summary>
    public static double Area(IReadOnlyList<(double X, double Y)> polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        var sum = 0.0;
        for (var i = 0; i < polygon.Count; i++)
        {
            var (x0, y0) = polygon[i];
            var (x1, y1) = polygon[(i + 1) % polygon.Count];
            sum += (x0 * y1) - (x1 * y0);
        }

        return Math.Abs(sum) / 2;
    }

    /// <summary>Area of the smallest rectangle, at any angle, that encloses the hull.</summary>
    public static double MinimumRectangleArea(IReadOnlyList<(double X, double Y)> hull)
    {
        ArgumentNullException.ThrowIfNull(hull);
        var best = double.PositiveInfinity;
        for (var i = 0; i < hull.Count; i++)
        {
            var (x0, y0) = hull[i];
            var (x1, y1) = hull[(i + 1) % hull.Count];
            var length = Math.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)));
            if (length == 0)
            {
                continue;
            }

            var (ux, uy) = ((x1 - x0) / length, (y1 - y0) / length);
            double minU = double.PositiveInfinity, maxU = double.NegativeInfinity;
            double minV = double.PositiveInfinity, maxV = double.NegativeInfinity;
            foreach (var (x, y) in hull)
            {
                var u = (x * ux) + (y * uy);
                var v = (-x * uy) + (y * ux);
                (minU, maxU) = (Math.Min(minU, u), Math.Max(maxU, u));
                (minV, maxV) = (Math.Min(minV, v), Math.Max(maxV, v));
            }

            best = Math.Min(best, (maxU - minU) * (maxV - minV));
        }

        return best;
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}
