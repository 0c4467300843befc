namespace NextGpt.Realtime.Training.World;

/// <summary>Draws ground truths uniformly from world.md's vocabulary: image scenes, sounds and clips.</summary>
public static class SceneSampler
{
    /// <summary>Chance that an image has two objects rather than one.</summary>
    public const double TwoObjectChance = 0.4;

    public static ImageScene Image(WorldRandom random, int? objectCount = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        var count = objectCount ?? (random.NextBool(TwoObjectChance) ? 2 : 1);
        if (count is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(objectCount), count, "An Emberfall image has one or two objects.");
        }

        var background = random.Pick(Enum.GetValues<Background>());
        if (count == 1)
        {
            return new ImageScene(background, [Object(random, background)]);
        }

        // Re-draw the pair until the objects have their own positions and cannot touch (each its own region for the
        // checker). Most pairs fit (any two small objects on different sides do), so this ends after a few draws.
        while (true)
        {
            var first = Object(random, background);
            var second = Object(random, background);
            if (second.Position != first.Position && !ObjectLayout.MayTouch(first, second))
            {
                return new ImageScene(background, [first, second]);
            }
        }
    }

    public static ImageObject Object(WorldRandom random, Background background)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new ImageObject(
            random.Pick(Enum.GetValues<ShapeKind>()),
            random.Pick(Palette.ColorsOn(background)),
            random.Pick(Enum.GetValues<ObjectSize>()),
            random.Pick(Enum.GetValues<ObjectPosition>()));
    }

    public static SoundSpec Sound(WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var kind = random.Pick(Enum.GetValues<SoundKind>());
        return kind switch
        {
            SoundKind.Drum => new SoundSpec(kind, null, SoundPattern.Pulsing),
            SoundKind.Wind => new SoundSpec(kind, null, SoundPattern.Steady),
            _ => new SoundSpec(kind, random.Pick(Enum.GetValues<Pitch>()), random.Pick(Enum.GetValues<SoundPattern>())),
        };
    }

    public static ClipSpec Clip(WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var background = random.Pick(Enum.GetValues<Background>());
        var shape = random.Pick(Enum.GetValues<ShapeKind>());
        var motions = Enum.GetValues<Motion>().Where(motion => ClipSpec.Allows(shape, motion)).ToArray();
        return new ClipSpec(
            background,
            shape,
            random.Pick(Palette.ColorsOn(background)),
            random.Pick(Enum.GetValues<ObjectSize>()),
            random.Pick(motions));
    }
}
