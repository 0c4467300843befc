namespace NextGpt.Realtime.Training.World;

/// <summary>
/// The RGB values of world.md's color words. Chosen so that every allowed object color lies at least
/// <see cref="MinimumObjectBackgroundDistance"/> from every background it may appear on (PaletteTests asserts it), which is
/// what lets the checkers separate objects from backgrounds by color distance alone.
/// </summary>
public static class Palette
{
    /// <summary>The smallest RGB distance between an allowed object color and its background.</summary>
    public const double MinimumObjectBackgroundDistance = 90;

    public static Rgb Of(Background background) => background switch
    {
        Background.Black => new Rgb(12, 12, 12),
        Background.White => new Rgb(245, 245, 245),
        Background.Gray => new Rgb(128, 128, 128),
        Background.Sky => new Rgb(150, 200, 250),
        Background.Grass => new Rgb(100, 140, 70),
        Background.Sand => new Rgb(230, 215, 160),
        _ => throw new ArgumentOutOfRangeException(nameof(background), background, null),
    };

    public static Rgb Of(ObjectColor color) => color switch
    {
        ObjectColor.Red => new Rgb(220, 30, 30),
        ObjectColor.Green => new Rgb(20, 200, 40),
        ObjectColor.Blue => new Rgb(30, 60, 220),
        ObjectColor.Yellow => new Rgb(245, 225, 30),
        ObjectColor.Purple => new Rgb(140, 40, 190),
        ObjectColor.Orange => new Rgb(250, 140, 20),
        ObjectColor.White => new Rgb(245, 245, 245),
        ObjectColor.Black => new Rgb(12, 12, 12),
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, null),
    };

    /// <summary>Whether <paramref name="color"/> may be drawn on <paramref name="background"/>: never the background's own
    /// color (world.md), i.e. no white on white and no black on black.</summary>
    public static bool Allows(Background background, ObjectColor color) =>
        !(background == Background.Black && color == ObjectColor.Black) &&
        !(background == Background.White && color == ObjectColor.White);

    /// <summary>The object colors allowed on a background.</summary>
    public static IReadOnlyList<ObjectColor> ColorsOn(Background background) =>
        [.. Enum.GetValues<ObjectColor>().Where(color => Allows(background, color))];
}
