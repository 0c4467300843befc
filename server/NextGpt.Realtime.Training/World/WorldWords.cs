namespace NextGpt.Realtime.Training.World;

/// <summary>The canonical words and phrases of world.md for every attribute value, as used in canonical captions and in
/// the NPC's descriptions. Extend only by adding words (world.md).</summary>
public static class WorldWords
{
    public static string Word(Background background) => background switch
    {
        Background.Black => "black",
        Background.White => "white",
        Background.Gray => "gray",
        Background.Sky => "sky",
        Background.Grass => "grass",
        Background.Sand => "sand",
        _ => throw new ArgumentOutOfRangeException(nameof(background), background, null),
    };

    public static string Word(ShapeKind shape) => shape switch
    {
        ShapeKind.Circle => "circle",
        ShapeKind.Square => "square",
        ShapeKind.Triangle => "triangle",
        ShapeKind.Star => "star",
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    public static string Word(ObjectColor color) => color switch
    {
        ObjectColor.Red => "red",
        ObjectColor.Green => "green",
        ObjectColor.Blue => "blue",
        ObjectColor.Yellow => "yellow",
        ObjectColor.Purple => "purple",
        ObjectColor.Orange => "orange",
        ObjectColor.White => "white",
        ObjectColor.Black => "black",
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, null),
    };

    public static string Word(ObjectSize size) => size switch
    {
        ObjectSize.Small => "small",
        ObjectSize.Large => "large",
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, null),
    };

    public static string Word(ObjectPosition position) => position switch
    {
        ObjectPosition.Left => "left",
        ObjectPosition.Right => "right",
        ObjectPosition.Top => "top",
        ObjectPosition.Bottom => "bottom",
        ObjectPosition.Center => "center",
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, null),
    };

    /// <summary>The canonical position phrase: "on the left", "at the top", "in the center" (world.md's captions).</summary>
    public static string Phrase(ObjectPosition position) => position switch
    {
        ObjectPosition.Left => "on the left",
        ObjectPosition.Right => "on the right",
        ObjectPosition.Top => "at the top",
        ObjectPosition.Bottom => "at the bottom",
        ObjectPosition.Center => "in the center",
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, null),
    };

    public static string Word(SoundKind kind) => kind switch
    {
        SoundKind.Tone => "tone",
        SoundKind.Chime => "chime",
        SoundKind.Buzz => "buzz",
        SoundKind.Drum => "drum",
        SoundKind.Wind => "wind",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Word(Pitch pitch) => pitch switch
    {
        Pitch.Low => "low",
        Pitch.Middle => "middle",
        Pitch.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(pitch), pitch, null),
    };

    public static string Word(SoundPattern pattern) => pattern switch
    {
        SoundPattern.Steady => "steady",
        SoundPattern.Pulsing => "pulsing",
        SoundPattern.Rising => "rising",
        SoundPattern.Falling => "falling",
        _ => throw new ArgumentOutOfRangeException(nameof(pattern), pattern, null),
    };

    /// <summary>The canonical motion phrase: "moving left", "growing", "spinning", "still".</summary>
    public static string Phrase(Motion motion) => motion switch
    {
        Motion.MovingLeft => "moving left",
        Motion.MovingRight => "moving right",
        Motion.MovingUp => "moving up",
        Motion.MovingDown => "moving down",
        Motion.Growing => "growing",
        Motion.Shrinking => "shrinking",
        Motion.Spinning => "spinning",
        Motion.Still => "still",
        _ => throw new ArgumentOutOfRangeException(nameof(motion), motion, null),
    };

    /// <summary>Every single word of the attribute vocabulary above (phrases split), e.g. to keep made-up names distinct from it.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. new[]
        {
            Enum.GetValues<Background>().Select(Word), Enum.GetValues<ShapeKind>().Select(Word), Enum.GetValues<ObjectColor>().Select(Word),
            Enum.GetValues<ObjectSize>().Select(Word), Enum.GetValues<ObjectPosition>().Select(Phrase), Enum.GetValues<SoundKind>().Select(Word),
            Enum.GetValues<Pitch>().Select(Word), Enum.GetValues<SoundPattern>().Select(Word), Enum.GetValues<Motion>().Select(Phrase),
        }.SelectMany(words => words).SelectMany(phrase => phrase.Split(' ')).Distinct(),
    ];
}
