using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>
/// world.md's image checker, which knows nothing of any model: the background is the dominant border color, objects are the
/// regions that differ from it, and each object's color, shape, size and position follow from its pixels. Verdicts:
/// background, count, and per object (suffix "#2" for the second) shape, color, size, position.
/// </summary>
public static class ImageChecker
{
    public static (Background Background, IReadOnlyList<ObjectReading> Objects) Read(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var border = RegionFinder.BorderColor(image);
        var objects = RegionFinder.Regions(image, border).Select(region => ObjectReading.Of(region, image.Width, image.Height)).ToArray();
        return (RegionFinder.ClassifyBackground(border), objects);
    }

    public static CheckResult Check(RgbImage image, ImageScene expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var (background, objects) = Read(image);
        var verdicts = new List<AttributeVerdict>
        {
            new("background", WorldWords.Word(expected.Background), WorldWords.Word(background)),
            new("count", expected.Objects.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                objects.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };

        // Each expected object is matched with the region nearest its position's anchor; a region serves one object.
        var unused = objects.ToList();
        for (var i = 0; i < expected.Objects.Count; i++)
        {
            var item = expected.Objects[i];
            var suffix = i == 0 ? string.Empty : $"#{i + 1}";
            var (ax, ay) = ObjectLayout.Anchor(item.Position);
            var scale = image.Width / (double)WorldFormat.ImageSize;
            var found = unused.MinBy(o => Math.Pow(o.Region.CentroidX - (ax * scale), 2) + Math.Pow(o.Region.CentroidY - (ay * scale), 2));
            if (found is not null)
            {
                unused.Remove(found);
            }

            verdicts.Add(new("shape" + suffix, WorldWords.Word(item.Shape), found is null ? AttributeVerdict.Unreadable : WorldWords.Word(found.Shape)));
            verdicts.Add(new("color" + suffix, WorldWords.Word(item.Color), found is null ? AttributeVerdict.Unreadable : WorldWords.Word(found.Color)));
            verdicts.Add(new("size" + suffix, WorldWords.Word(item.Size), found is null ? AttributeVerdict.Unreadable : WorldWords.Word(found.Size)));
            verdicts.Add(new("position" + suffix, WorldWords.Word(item.Position),
                found?.Position is { } position ? WorldWords.Word(position) : AttributeVerdict.Unreadable));
        }

        return new CheckResult(verdicts);
    }
}
