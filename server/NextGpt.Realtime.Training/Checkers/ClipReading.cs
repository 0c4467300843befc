using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>
/// world.md's clip checker reading: per frame the background and the largest region (its centroid and area); the motion from
/// the centroid track and the area trend; color, shape and size as for images, by vote over the frames.
/// </summary>
public sealed record ClipReading(Background Background, ShapeKind? Shape, ObjectColor? Color, ObjectSize? Size, Motion? Motion)
{
    /// <summary>Centroid travel, in pixels over the clip, from which the object is moving (the world's objects travel 26-32).</summary>
    public const double MovingDistance = 8;

    /// <summary>Area ratio, last over first, from which the object is growing (or its inverse, shrinking); the world's grow
    /// by about 4.</summary>
    public const double GrowthRatio = 1.6;

    /// <summary>Mean overlap (intersection over union, centroids aligned) of consecutive frames' regions below which a
    /// still-standing object is spinning. A still object overlaps itself fully; the world's spins turn 8-11 degrees a frame.</summary>
    public const double SpinOverlap = 0.92;

    public static ClipReading Of(Clip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var border = RegionFinder.BorderColor(clip.Frames[0]);
        var background = RegionFinder.ClassifyBackground(border);
        var tracked = new List<(int Frame, Region Region, ObjectReading Reading)>();
        for (var i = 0; i < clip.Frames.Count; i++)
        {
            var frame = clip.Frames[i];
            var region = RegionFinder.Regions(frame, RegionFinder.BorderColor(frame)).FirstOrDefault();
            if (region is not null)
            {
                tracked.Add((i, region, ObjectReading.Of(region, frame.Width, frame.Height)));
            }
        }

        // An object seen in fewer than half the frames is not a clip of an object.
        if (tracked.Count * 2 < clip.Frames.Count)
        {
            return new ClipReading(background, null, null, null, null);
        }

        var shape = tracked.GroupBy(t => t.Reading.Shape).OrderByDescending(g => g.Count()).First().Key;
        var color = tracked.GroupBy(t => t.Reading.Color).OrderByDescending(g => g.Count()).First().Key;
        var medianArea = tracked.Select(t => (double)t.Region.Area).Order().ElementAt(tracked.Count / 2);
        return new ClipReading(background, shape, color, ObjectReading.SizeOf(medianArea, shape), MotionOf(tracked.Select(t => (t.Frame, t.Region)).ToList()));
    }

    private static World.Motion MotionOf(IReadOnlyList<(int Frame, Region Region)> track)
    {
        var span = track[^1].Frame - track[0].Frame;
        var dx = Slope(track.Select(t => ((double)t.Frame, t.Region.CentroidX)).ToList()) * span;
        var dy = Slope(track.Select(t => ((double)t.Frame, t.Region.CentroidY)).ToList()) * span;
        var growth = Math.Exp(Slope(track.Select(t => ((double)t.Frame, Math.Log(t.Region.Area))).ToList()) * span);
        if (Math.Max(Math.Abs(dx), Math.Abs(dy)) >= MovingDistance)
        {
            return Math.Abs(dx) >= Math.Abs(dy)
                ? dx > 0 ? World.Motion.MovingRight : World.Motion.MovingLeft
                : dy > 0 ? World.Motion.MovingDown : World.Motion.MovingUp;
        }

        if (growth >= GrowthRatio)
        {
            return World.Motion.Growing;
        }

        if (growth <= 1 / GrowthRatio)
        {
            return World.Motion.Shrinking;
        }

        var overlaps = new List<double>();
        for (var i = 1; i < track.Count; i++)
        {
            overlaps.Add(AlignedOverlap(track[i - 1].Region, track[i].Region));
        }

        return overlaps.Count > 0 && overlaps.Average() < SpinOverlap ? World.Motion.Spinning : World.Motion.Still;
    }

    /// <summary>Intersection over union of two regions after moving the second so the centroids coincide (to the pixel).</summary>
    private static double AlignedOverlap(Region first, Region second)
    {
        var shiftX = (int)Math.Round(first.CentroidX - second.CentroidX);
        var shiftY = (int)Math.Round(first.CentroidY - second.CentroidY);
        var firstPixels = first.Pixels.ToHashSet();
        var intersection = second.Pixels.Count(p => firstPixels.Contains((p.X + shiftX, p.Y + shiftY)));
        return (double)intersection / (first.Area + second.Area - intersection);
    }

    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return variance == 0 ? 0 : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / variance;
    }
}
