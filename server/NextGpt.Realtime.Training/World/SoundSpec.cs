namespace NextGpt.Realtime.Training.World;

/// <summary>
/// A sound's ground truth (world.md, "Sounds"). Tones, chimes and buzzes have a pitch and any pattern. Drums and wind have no
/// pitch; world.md's captions name them "a drum pulsing" and "wind", so a drum always pulses (its thumps are its beats) and
/// wind is always steady.
/// </summary>
public sealed record SoundSpec
{
    public SoundSpec(SoundKind kind, Pitch? pitch, SoundPattern pattern)
    {
        var pitched = kind is SoundKind.Tone or SoundKind.Chime or SoundKind.Buzz;
        if (pitched != pitch.HasValue)
        {
            throw new ArgumentException(
                pitched
                    ? $"A {WorldWords.Word(kind)} needs a pitch (low, middle or high)."
                    : $"A {WorldWords.Word(kind)} has no pitch in Emberfall; pass null.",
                nameof(pitch));
        }

        if (kind == SoundKind.Drum && pattern != SoundPattern.Pulsing)
        {
            throw new ArgumentException("A drum in Emberfall is always pulsing.", nameof(pattern));
        }

        if (kind == SoundKind.Wind && pattern != SoundPattern.Steady)
        {
            throw new ArgumentException("Wind in Emberfall is always steady.", nameof(pattern));
        }

        Kind = kind;
        Pitch = pitch;
        Pattern = pattern;
    }

    public SoundKind Kind { get; }

    public Pitch? Pitch { get; }

    public SoundPattern Pattern { get; }

    /// <summary>world.md's canonical caption: "a high chime pulsing", "a low buzz rising", "wind", "a drum pulsing".</summary>
    public string Caption => Kind switch
    {
        SoundKind.Wind => "wind",
        SoundKind.Drum => "a drum pulsing",
        _ => $"a {WorldWords.Word(Pitch!.Value)} {WorldWords.Word(Kind)} {WorldWords.Word(Pattern)}",
    };
}
