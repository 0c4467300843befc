using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Training.World;

/// <summary>Renders an <see cref="ImageScene"/> at the embedded model's image format (64x64 RGB). The render seed picks the
/// jitter (object centers, extents, slight color variation), so one scene has many images that all pass the checker.</summary>
public static class ImageRenderer
{
    /// <summary>Background channels vary by up to this much between renders.</summary>
    public const int BackgroundColorJitter = 6;

    /// <summary>Object channels vary by up to this much between renders.</summary>
    public const int ObjectColorJitter = 10;

    public static RgbImage Render(ImageScene scene, long renderSeed)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var random = new WorldRandom((ulong)renderSeed);
        var image = RgbImagePixels.Blank(WorldFormat.ImageSize, WorldFormat.ImageSize);
        image.Fill(Palette.Of(scene.Background).Jitter(random, BackgroundColorJitter));
        foreach (var item in scene.Objects)
        {
            var (ax, ay) = ObjectLayout.Anchor(item.Position);
            var cx = ax + random.NextDouble(-ObjectLayout.PositionJitter, ObjectLayout.PositionJitter);
            var cy = ay + random.NextDouble(-ObjectLayout.PositionJitter, ObjectLayout.PositionJitter);
            var extent = ShapeGeometry.NominalExtent(item.Size) *
                (1 + random.NextDouble(-ObjectLayout.ExtentJitter, ObjectLayout.ExtentJitter));
            var color = Palette.Of(item.Color).Jitter(random, ObjectColorJitter);
            ShapeRasterizer.Draw(image, item.Shape, cx, cy, extent, rotation: 0, color);
        }

        return image;
    }
}
