using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Training.World;

/// <summary>
/// Renders a <see cref="ClipSpec"/> as 8 frames of 64x64 RGB (world.md's clip format). Moving objects cross about half the
/// frame; growing and shrinking objects change their extent by a factor of about two (area about four); spinning objects
/// turn by 8-11 degrees a frame, well under half their symmetry angle (45 degrees for a square, 36 for a star), so each step
/// changes the outline and is not mistaken for standing still. The render seed picks the jitter.
/// </summary>
public static class ClipRenderer
{
    public static Clip Render(ClipSpec spec, long renderSeed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var random = new WorldRandom((ulong)renderSeed);
        var background = Palette.Of(spec.Background).Jitter(random, ImageRenderer.BackgroundColorJitter);
        var color = Palette.Of(spec.Color).Jitter(random, ImageRenderer.ObjectColorJitter);
        var extent = ShapeGeometry.NominalExtent(spec.Size) *
            (1 + random.NextDouble(-ObjectLayout.ExtentJitter, ObjectLayout.ExtentJitter));
        const double middle = WorldFormat.ImageSize / 2.0;
        var travel = random.NextDouble(26, 32);
        var across = middle + random.NextDouble(-8, 8);
        var cx = middle + random.NextDouble(-3, 3);
        var cy = middle + random.NextDouble(-3, 3);
        var spinStep = random.NextDouble(8, 11) * Math.PI / 180;
        var growth = random.NextDouble(1.9, 2.2);
        var last = WorldFormat.ClipFrames - 1;

        var frames = new RgbImage[WorldFormat.ClipFrames];
        for (var frame = 0; frame < frames.Length; frame++)
        {
            var t = (double)frame / last;
            var along = middle + ((t - 0.5) * travel);
            var (x, y, size, rotation) = spec.Motion switch
            {
                Motion.MovingLeft => (WorldFormat.ImageSize - along, across, extent, 0.0),
                Motion.MovingRight => (along, across, extent, 0.0),
                Motion.MovingUp => (across, WorldFormat.ImageSize - along, extent, 0.0),
                Motion.MovingDown => (across, along, extent, 0.0),
                Motion.Growing => (cx, cy, extent * Math.Pow(growth, t - 0.5), 0.0),
                Motion.Shrinking => (cx, cy, extent * Math.Pow(growth, 0.5 - t), 0.0),
                Motion.Spinning => (cx, cy, extent, spinStep * frame),
                Motion.Still => (cx, cy, extent, 0.0),
                _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Motion, null),
            };
            var image = RgbImagePixels.Blank(WorldFormat.ImageSize, WorldFormat.ImageSize);
            image.Fill(background);
            ShapeRasterizer.Draw(image, spec.Shape, x, y, size, rotation, color);
            frames[frame] = image;
        }

        return new Clip(frames);
    }
}
