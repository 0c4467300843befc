using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Training.World;

/// <summary>Draws a shape into an image: a pixel takes the color when its center lies inside the shape (no anti-aliasing;
/// world.md asks for none, and hard edges keep regions exact for the checkers).</summary>
public static class ShapeRasterizer
{
    public static void Draw(RgbImage image, ShapeKind shape, double cx, double cy, double extent, double rotation, Rgb color)
    {
        ArgumentNullException.ThrowIfNull(image);
        var reach = extent * 0.75;
        var x0 = Math.Max(0, (int)Math.Floor(cx - reach));
        var x1 = Math.Min(image.Width - 1, (int)Math.Ceiling(cx + reach));
        var y0 = Math.Max(0, (int)Math.Floor(cy - reach));
        var y1 = Math.Min(image.Height - 1, (int)Math.Ceiling(cy + reach));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (ShapeGeometry.Contains(shape, cx, cy, extent, rotation, x + 0.5, y + 0.5))
                {
                    image.SetPixel(x, y, color);
                }
            }
        }
    }
}
