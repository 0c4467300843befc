using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>What the image checker reads about one region: world.md's color, shape, size and position rules.</summary>
public sealed record ObjectReading(Region Region, ShapeFeatures Features, ShapeKind Shape, ObjectColor Color, ObjectSize Size, ObjectPosition? Position)
{
    /// <summary>Extent (in pixels) between small and large: the geometric mean of the nominal extents.</summary>
    public static readonly double SizeBoundary = Math.Sqrt(ShapeGeometry.SmallExtent * ShapeGeometry.LargeExtent);

    public static ObjectReading Of(Region region, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(region);
        var features = ShapeFeatures.Of(region);
        var shape = features.Classify();
        return new ObjectReading(region, features, shape, region.Color, SizeOf(region.Area, shape),
            PositionOf(region.CentroidX, region.CentroidY, imageWidth, imageHeight));
    }

    /// <summary>world.md: size = area. The area is turned back into an extent through the detected shape's area factor, so a
    /// large star (about a third of its bounding box) is not taken for a small square.</summary>
    public static ObjectSize SizeOf(double area, ShapeKind shape) =>
        Math.Sqrt(area / ShapeGeometry.AreaFactor(shape)) < SizeBoundary ? ObjectSize.Small : ObjectSize.Large;

    /// <summary>world.md: position = the centroid against the 3x3 grid (center cell = center). A centroid in a corner cell
    /// is none of the five positions (null).</summary>
    public static ObjectPosition? PositionOf(double x, double y, int width, int height)
    {
        var column = Math.Clamp((int)(3 * x / width), 0, 2);
        var row = Math.Clamp((int)(3 * y / height), 0, 2);
        return (column, row) switch
        {
            (0, 1) => ObjectPosition.Left,
            (2, 1) => ObjectPosition.Right,
            (1, 0) => ObjectPosition.Top,
            (1, 2) => ObjectPosition.Bottom,
            (1, 1) => ObjectPosition.Center,
            _ => null,
        };
    }
}
