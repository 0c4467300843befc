namespace NextGpt.Realtime.Training.World;

/// <summary>One object of an image: the ground truth the image checker scores against.</summary>
public sealed record ImageObject(ShapeKind Shape, ObjectColor Color, ObjectSize Size, ObjectPosition Position)
{
    /// <summary>"large red circle on the left" (world.md's caption, without the article).</summary>
    public string Phrase =>
        $"{WorldWords.Word(Size)} {WorldWords.Word(Color)} {WorldWords.Word(Shape)} {WorldWords.Phrase(Position)}";
}
