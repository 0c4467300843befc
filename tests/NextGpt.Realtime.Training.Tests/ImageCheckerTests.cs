using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class ImageCheckerTests
{
    private const int Samples = 400;

    private static IEnumerable<(ImageScene Scene, RgbImage Image, long Seed)> Clean(WorldSplit split = WorldSplit.HeldOut)
    {
        var world = new EmberfallWorld(split);
        for (var seed = 0; seed < Samples; seed++)
        {
            var media = (ImageMedia)world.Image(seed).Media;
            yield return (media.Scene, media.Render(), seed);
        }
    }

    [Theory]
    [InlineData(WorldSplit.Train)]
    [InlineData(WorldSplit.HeldOut)]
    public void CleanImages_PassEveryAttribute(WorldSplit split)
    {
        var failures = Clean(split).Select(s => (s.Seed, Result: ImageChecker.Check(s.Image, s.Scene))).Where(r => !r.Result.Passed).ToList();

        Assert.True(failures.Count == 0, $"{failures.Count}/{Samples} failed, e.g. seed {failures.FirstOrDefault().Seed}: {failures.FirstOrDefault().Result}");
    }

    [Fact]
    public void NoisyImages_WithinTolerance_StillPass()
    {
        var passed = Clean().Count(s => ImageChecker.Check(MediaNoise.Add(s.Image, MediaNoise.ImageSigma, s.Seed), s.Scene).Passed);

        Assert.True(passed >= Samples * 0.99, $"{passed}/{Samples} noisy images passed");
    }

    [Fact]
    public void EveryShapeColorSizePositionAndBackground_IsReadBack()
    {
        foreach (var background in Enum.GetValues<Background>())
        {
            foreach (var color in Palette.ColorsOn(background))
            {
                foreach (var shape in Enum.GetValues<ShapeKind>())
                {
                    foreach (var size in Enum.GetValues<ObjectSize>())
                    {
                        foreach (var position in Enum.GetValues<ObjectPosition>())
                        {
                            var scene = new ImageScene(background, [new ImageObject(shape, color, size, position)]);
                            var result = ImageChecker.Check(ImageRenderer.Render(scene, (long)color * 31 + (long)position), scene);
                            Assert.True(result.Passed, $"{scene.Caption}: {result}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void RecoloredObject_FailsColorOnly()
    {
        foreach (var (scene, _, seed) in Clean().Take(100))
        {
            var item = scene.Objects[0];
            var other = Palette.ColorsOn(scene.Background).First(c => c != item.Color);
            var wrong = Rendered(scene, seed, item with { Color = other });

            var result = ImageChecker.Check(wrong, scene);

            Assert.False(result["color"].Passed, $"{scene.Caption} drawn {WorldWords.Word(other)}: {result}");
            Assert.True(result["shape"].Passed && result["position"].Passed, result.ToString());
        }
    }

    [Fact]
    public void SwappedShape_FailsShape()
    {
        foreach (var (scene, _, seed) in Clean().Take(100))
        {
            var item = scene.Objects[0];
            var other = (ShapeKind)(((int)item.Shape + 1 + (int)(seed % 3)) % 4);
            var result = ImageChecker.Check(Rendered(scene, seed, item with { Shape = other }), scene);

            Assert.False(result["shape"].Passed, $"{scene.Caption} drawn as {WorldWords.Word(other)}: {result}");
        }
    }

    [Fact]
    public void SwappedSize_FailsSize()
    {
        foreach (var (scene, _, seed) in Clean().Where(s => s.Scene.Objects.Count == 1).Take(100))
        {
            var item = scene.Objects[0];
            var other = item.Size == ObjectSize.Small ? ObjectSize.Large : ObjectSize.Small;
            var result = ImageChecker.Check(Rendered(scene, seed, item with { Size = other }), scene);

            Assert.False(result["size"].Passed, $"{scene.Caption} drawn {WorldWords.Word(other)}: {result}");
        }
    }

    [Fact]
    public void MovedObject_FailsPosition()
    {
        foreach (var (scene, _, seed) in Clean().Where(s => s.Scene.Objects.Count == 1).Take(100))
        {
            var item = scene.Objects[0];
            var other = (ObjectPosition)(((int)item.Position + 1 + (int)(seed % 4)) % 5);
            var result = ImageChecker.Check(Rendered(scene, seed, item with { Position = other }), scene);

            Assert.False(result["position"].Passed, $"{scene.Caption} drawn {WorldWords.Word(other)}: {result}");
        }
    }

    [Fact]
    public void OtherBackground_FailsBackground()
    {
        foreach (var (scene, _, seed) in Clean().Take(100))
        {
            var other = Enum.GetValues<Background>().First(b => b != scene.Background && scene.Objects.All(o => Palette.Allows(b, o.Color)));
            var result = ImageChecker.Check(ImageRenderer.Render(new ImageScene(other, scene.Objects), seed), scene);

            Assert.False(result["background"].Passed, result.ToString());
        }
    }

    [Fact]
    public void MissingObject_FailsCount()
    {
        foreach (var (scene, _, seed) in Clean().Where(s => s.Scene.Objects.Count == 2).Take(50))
        {
            var result = ImageChecker.Check(ImageRenderer.Render(new ImageScene(scene.Background, [scene.Objects[0]]), seed), scene);

            Assert.False(result.Passed);
            Assert.False(result["count"].Passed);
        }
    }

    [Fact]
    public void PlainBackground_HasNoObjects()
    {
        var image = RgbImagePixels.Blank(WorldFormat.ImageSize, WorldFormat.ImageSize);
        image.Fill(Palette.Of(Background.Sand));

        var (background, objects) = ImageChecker.Read(image);

        Assert.Equal(Background.Sand, background);
        Assert.Empty(objects);
    }

    /// <summary>The scene with its first object replaced, rendered with the same seed (same jitter).</summary>
    private static RgbImage Rendered(ImageScene scene, long seed, ImageObject replacement) =>
        ImageRenderer.Render(new ImageScene(scene.Background, [replacement, .. scene.Objects.Skip(1)]), seed);
}
