using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>
/// Finds the background and the objects of an image (world.md's image checker): the background is the dominant border color
/// (the per-channel median of the one-pixel border, which an object touching the border cannot move), and objects are the
/// connected regions (8-connected) of pixels farther than <see cref="Threshold"/> from it. Regions smaller than
/// <see cref="MinimumArea"/> are noise: the smallest object (a small star or triangle) covers about 35 pixels.
/// </summary>
public static class RegionFinder
{
    /// <summary>Half the smallest object-background distance of the palette.</summary>
    public const double Threshold = Palette.MinimumObjectBackgroundDistance / 2;

    public const int MinimumArea = 12;

    public static (double R, double G, double B) BorderColor(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var border = new List<Rgb>();
        for (var x = 0; x < image.Width; x++)
        {
            border.Add(image.GetPixel(x, 0));
            border.Add(image.GetPixel(x, image.Height - 1));
        }

        for (var y = 1; y < image.Height - 1; y++)
        {
            border.Add(image.GetPixel(0, y));
            border.Add(image.GetPixel(image.Width - 1, y));
        }

        return (Median(border.Select(c => (double)c.R)), Median(border.Select(c => (double)c.G)), Median(border.Select(c => (double)c.B)));
    }

    /// <summary>The background word: the palette background nearest the border color.</summary>
    public static Background ClassifyBackground((double R, double G, double B) color) =>
        Enum.GetValues<Background>().MinBy(background => Palette.Of(background).DistanceTo(color.R, color.G, color.B));

    /// <summary>The mask of pixels that differ from the background color: (H, W) flattened row-major.</summary>
    public static bool[] ForegroundMask(RgbImage image, (double R, double G, double B) background)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mask = new bool[image.Width * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                mask[(y * image.Width) + x] = image.GetPixel(x, y).DistanceTo(background.R, background.G, background.B) > Threshold;
            }
        }

        return mask;
    }

    /// <summary>The objects: connected foreground regions of at least <see cref="MinimumArea"/> pixels, largest first.</summary>
    public static IReadOnlyList<Region> Regions(RgbImage image, (double R, double G, double B) background)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mask = ForegroundMask(image, background);
        var seen = new bool[mask.Length];
        var regions = new List<Region>();
        var queue = new Queue<(int X, int Y)>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || seen[start])
            {
                continue;
            }

            var pixels = new List<(int X, int Y)>();
            seen[start] = true;
            queue.Enqueue((start % image.Width, start / image.Width));
            while (queue.Count > 0)
            {
                var (x, y) = queue.Dequeue();
                pixels.Add((x, y));
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        if ((uint)nx < (uint)image.Width && (uint)ny < (uint)image.Height)
                        {
                            var index = (ny * image.Width) + nx;
                            if (mask[index] && !seen[index])
                            {
                                seen[index] = true;
                                queue.Enqueue((nx, ny));
                            }
                        }
                    }
                }
            }

            if (pixels.Count >= MinimumArea)
            {
                regions.Add(MakeRegion(image, mask, pixels));
            }
        }

        return [.. regions.OrderByDescending(region => region.Area)];
    }

    /// <summary>A region whose color is the mean of its interior pixels (all 4 neighbours in the region), so that edge
    /// pixels blended with the background by a generator do not pull the color toward it.</summary>
    private static Region MakeRegion(RgbImage image, bool[] mask, List<(int X, int Y)> pixels)
    {
        bool Inside(int x, int y) => (uint)x < (uint)image.Width && (uint)y < (uint)image.Height && mask[(y * image.Width) + x];
        var interior = pixels.Where(p => Inside(p.X - 1, p.Y) && Inside(p.X + 1, p.Y) && Inside(p.X, p.Y - 1) && Inside(p.X, p.Y + 1)).ToList();
        var colored = interior.Count >= 4 ? interior : pixels;
        double r = 0, g = 0, b = 0;
        foreach (var (x, y) in colored)
        {
            var color = image.GetPixel(x, y);
            r += color.R;
            g += color.G;
            b += color.B;
        }

        return new Region(pixels, r / colored.Count, g / colored.Count, b / colored.Count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
