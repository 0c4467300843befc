using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class ClipCheckerTests
{
    [Fact]
    public void EveryMotionShapeAndSize_IsReadBack()
    {
        var failures = new List<string>();
        foreach (var shape in Enum.GetValues<ShapeKind>())
        {
            foreach (var size in Enum.GetValues<ObjectSize>())
            {
                foreach (var motion in Enum.GetValues<Motion>().Where(m => ClipSpec.Allows(shape, m)))
                {
                    for (var seed = 0; seed < 3; seed++)
                    {
                        var spec = new ClipSpec((Background)(seed * 2), shape, ObjectColor.Orange, size, motion);
                        var result = ClipChecker.Check(ClipRenderer.Render(spec, seed), spec);
                        if (!result.Passed)
                        {
                            failures.Add($"{spec.Caption} seed {seed}: {result}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void WorldClips_PassClean_AndWithNoiseWithinTolerance()
    {
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        const int count = 150;
        var clean = 0;
        var noisy = 0;
        for (var seed = 0; seed < count; seed++)
        {
            var media = (ClipMedia)world.Clip(seed).Media;
            var clip = media.Render();
            clean += ClipChecker.Check(clip, media.Clip).Passed ? 1 : 0;
            noisy += ClipChecker.Check(MediaNoise.Add(clip, MediaNoise.ImageSigma, seed), media.Clip).Passed ? 1 : 0;
        }

        Assert.Equal(count, clean);
        Assert.True(noisy >= count * 0.98, $"{noisy}/{count} noisy clips passed");
    }

    [Theory]
    [InlineData(Motion.MovingLeft, Motion.MovingRight)]
    [InlineData(Motion.MovingRight, Motion.MovingLeft)]
    [InlineData(Motion.MovingUp, Motion.MovingDown)]
    [InlineData(Motion.MovingDown, Motion.MovingUp)]
    [InlineData(Motion.Growing, Motion.Shrinking)]
    [InlineData(Motion.Shrinking, Motion.Growing)]
    public void ReversedClip_FailsMotion(Motion asked, Motion reversed)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var spec = new ClipSpec(Background.Grass, ShapeKind.Star, ObjectColor.Yellow, (ObjectSize)(seed % 2), asked);
            var backwards = new Clip([.. ClipRenderer.Render(spec, seed).Frames.Reverse()]);

            var result = ClipChecker.Check(backwards, spec);

            Assert.Equal(WorldWords.Phrase(reversed), result["motion"].Observed);
        }
    }

    [Fact]
    public void FrozenSpin_FailsMotion()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var spec = new ClipSpec(Background.White, seed % 2 == 0 ? ShapeKind.Square : ShapeKind.Star, ObjectColor.Blue, (ObjectSize)(seed % 2), Motion.Spinning);
            var first = ClipRenderer.Render(spec, seed).Frames[0];
            var frozen = new Clip([.. Enumerable.Repeat(first, WorldFormat.ClipFrames)]);

            Assert.Equal("still", ClipChecker.Check(frozen, spec)["motion"].Observed);
        }
    }

    [Fact]
    public void RecoloredOrReshapedClip_FailsColorOrShape()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var spec = new ClipSpec(Background.Black, ShapeKind.Circle, ObjectColor.Red, ObjectSize.Large, Motion.MovingUp);
            var recolored = ClipRenderer.Render(new ClipSpec(Background.Black, ShapeKind.Circle, ObjectColor.Purple, ObjectSize.Large, Motion.MovingUp), seed);
            var reshaped = ClipRenderer.Render(new ClipSpec(Background.Black, (ShapeKind)(1 + (seed % 3)), ObjectColor.Red, ObjectSize.Large, Motion.MovingUp), seed);

            Assert.False(ClipChecker.Check(recolored, spec)["color"].Passed);
            Assert.False(ClipChecker.Check(reshaped, spec)["shape"].Passed);
        }
    }

    [Fact]
    public void EmptyClip_IsUnreadable()
    {
        var frame = RgbImagePixels.Blank(WorldFormat.ImageSize, WorldFormat.ImageSize);
        frame.Fill(Palette.Of(Background.Sky));
        var spec = new ClipSpec(Background.Sky, ShapeKind.Square, ObjectColor.Green, ObjectSize.Small, Motion.Still);

        var result = ClipChecker.Check(new Clip([.. Enumerable.Repeat(frame, WorldFormat.ClipFrames)]), spec);

        Assert.Equal(AttributeVerdict.Unreadable, result["motion"].Observed);
        Assert.False(result.Passed);
    }
}
