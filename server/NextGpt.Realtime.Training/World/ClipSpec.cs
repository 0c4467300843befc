namespace NextGpt.Realtime.Training.World;

/// <summary>A clip's ground truth (world.md, "Clips"): one object on a background, with a motion.</summary>
public sealed record ClipSpec
{
    public ClipSpec(Background background, ShapeKind shape, ObjectColor color, ObjectSize size, Motion motion)
    {
        if (!Palette.Allows(background, color))
        {
            throw new ArgumentException(
                $"A {WorldWords.Word(color)} object cannot be drawn on a {WorldWords.Word(background)} background.",
                nameof(color));
        }

        if (!Allows(shape, motion))
        {
            throw new ArgumentException(
                $"Only stars and squares spin in Emberfall, not a {WorldWords.Word(shape)}.", nameof(motion));
        }

        Background = background;
        Shape = shape;
        Color = color;
        Size = size;
        Motion = motion;
    }

    public Background Background { get; }

    public ShapeKind Shape { get; }

    public ObjectColor Color { get; }

    public ObjectSize Size { get; }

    public Motion Motion { get; }

    /// <summary>world.md's canonical caption: "a small green triangle moving right on a sand background".</summary>
    public string Caption =>
        $"a {WorldWords.Word(Size)} {WorldWords.Word(Color)} {WorldWords.Word(Shape)} {WorldWords.Phrase(Motion)} " +
        $"on a {WorldWords.Word(Background)} background";

    /// <summary>Spinning is for stars and squares only (world.md).</summary>
    public static bool Allows(ShapeKind shape, Motion motion) =>
        motion != Motion.Spinning || shape is ShapeKind.Star or ShapeKind.Square;
}
