namespace NextGpt.Realtime.Training.World;

/// <summary>An image's ground truth: one or two objects on a plain background (world.md, "Images").</summary>
public sealed record ImageScene
{
    public ImageScene(Background background, IReadOnlyList<ImageObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count is < 1 or > 2)
        {
            throw new ArgumentException($"An Emberfall image has one or two objects, got {objects.Count}.", nameof(objects));
        }

        foreach (var item in objects)
        {
            if (!Palette.Allows(background, item.Color))
            {
                throw new ArgumentException(
                    $"A {WorldWords.Word(item.Color)} object cannot be drawn on a {WorldWords.Word(background)} background.",
                    nameof(objects));
            }
        }

        if (objects.Count == 2 && objects[0].Position == objects[1].Position)
        {
            throw new ArgumentException("The two objects of an image need different positions.", nameof(objects));
        }

        Background = background;
        Objects = objects;
    }

    public Background Background { get; }

    public IReadOnlyList<ImageObject> Objects { get; }

    /// <summary>world.md's canonical caption: "a large red circle on the left on a sky background", or with two objects
    /// "a small blue square at the top and a large yellow star on the right on a gray background".</summary>
    public string Caption =>
        string.Join(" and ", Objects.Select(item => "a " + item.Phrase)) + $" on a {WorldWords.Word(Background)} background";

    public bool Equals(ImageScene? other) =>
        other is not null && Background == other.Background && Objects.SequenceEqual(other.Objects);

    public override int GetHashCode() => HashCode.Combine(Background, Objects.Count, Objects[0]);
}
