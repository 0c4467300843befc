namespace NextGpt.Realtime.Training.World;

/// <summary>
/// Many ways of saying one ground truth (world.md: "Training text uses many paraphrases"). A paraphrase always names every
/// attribute of the truth, so a request's checker verdicts are all meaningful. Descriptions by the NPC use the canonical
/// caption instead (<see cref="ImageScene.Caption"/>), which keeps the "image->text" scores unambiguous.
/// </summary>
public static class Paraphrases
{
    private static readonly string[] SmallWords = ["small", "little", "small", "tiny"];
    private static readonly string[] LargeWords = ["large", "big", "large", "huge"];

    public static string Size(ObjectSize size, WorldRandom random) =>
        random.Pick(size == ObjectSize.Small ? SmallWords : LargeWords);

    public static string Position(ObjectPosition position, WorldRandom random) => random.Pick<string>(position switch
    {
        ObjectPosition.Left => ["on the left", "to the left", "on the left side", "at the left"],
        ObjectPosition.Right => ["on the right", "to the right", "on the right side", "at the right"],
        ObjectPosition.Top => ["at the top", "near the top", "up at the top", "at the top edge"],
        ObjectPosition.Bottom => ["at the bottom", "near the bottom", "down at the bottom", "at the bottom edge"],
        ObjectPosition.Center => ["in the center", "in the middle", "right in the middle", "in the center of the picture"],
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, null),
    });

    public static string Object(ImageObject item, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(item);
        var size = Size(item.Size, random);
        var color = WorldWords.Word(item.Color);
        var shape = WorldWords.Word(item.Shape);
        var position = Position(item.Position, random);
        return random.Next(3) switch
        {
            0 => $"a {size} {color} {shape} {position}",
            1 => $"a {color} {shape}, {size}, {position}",
            _ => $"a {size} {color} {shape} placed {position}",
        };
    }

    /// <summary>A paraphrase of an image's caption: "a big red circle to the left, sky behind it".</summary>
    public static string Scene(ImageScene scene, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(random);
        var objects = string.Join(" and ", scene.Objects.Select(item => Object(item, random)));
        var background = WorldWords.Word(scene.Background);
        var it = scene.Objects.Count == 1 ? "it" : "them";
        return random.Next(5) switch
        {
            0 => $"{objects} on a {background} background",
            1 => $"{objects}, {background} behind {it}",
            2 => $"{objects} against a {background} background",
            3 => $"{objects} with a {background} background",
            _ => $"a {background} background with {objects}",
        };
    }

    public static string Sound(SoundSpec sound, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(sound);
        ArgumentNullException.ThrowIfNull(random);
        if (sound.Kind == SoundKind.Wind)
        {
            return random.Pick(["wind", "the wind", "some wind", "wind blowing", "the sound of wind"]);
        }

        if (sound.Kind == SoundKind.Drum)
        {
            return random.Pick(["a drum pulsing", "a pulsing drum", "drum beats", "a drum beating", "a drum pulsing away"]);
        }

        var kind = WorldWords.Word(sound.Kind);
        var pitch = random.Pick<string>(sound.Pitch!.Value switch
        {
            World.Pitch.Low => ["low", "deep", "low-pitched"],
            World.Pitch.Middle => ["middle", "medium", "mid-pitched"],
            World.Pitch.High => ["high", "shrill", "high-pitched"],
            _ => throw new ArgumentOutOfRangeException(nameof(sound), sound.Pitch, null),
        });
        var pattern = random.Pick<string>(sound.Pattern switch
        {
            SoundPattern.Steady => ["steady", "holding steady", "that stays steady"],
            SoundPattern.Pulsing => ["pulsing", "in pulses", "that pulses"],
            SoundPattern.Rising => ["rising", "going up", "that rises"],
            SoundPattern.Falling => ["falling", "going down", "that falls"],
            _ => throw new ArgumentOutOfRangeException(nameof(sound), sound.Pattern, null),
        });
        return random.Next(3) switch
        {
            0 => $"a {pitch} {kind} {pattern}",
            1 => $"a {kind}, {pitch}, {pattern}",
            _ => $"a {pitch} {kind}, {pattern}",
        };
    }

    public static string Motion(Motion motion, WorldRandom random) => random.Pick<string>(motion switch
    {
        World.Motion.MovingLeft => ["moving left", "sliding to the left", "drifting left"],
        World.Motion.MovingRight => ["moving right", "sliding to the right", "drifting right"],
        World.Motion.MovingUp => ["moving up", "floating up", "drifting upwards"],
        World.Motion.MovingDown => ["moving down", "sinking down", "drifting downwards"],
        World.Motion.Growing => ["growing", "getting bigger", "swelling up"],
        World.Motion.Shrinking => ["shrinking", "getting smaller", "shrinking away"],
        World.Motion.Spinning => ["spinning", "turning round", "rotating"],
        World.Motion.Still => ["still", "standing still", "not moving"],
        _ => throw new ArgumentOutOfRangeException(nameof(motion), motion, null),
    });

    public static string Clip(ClipSpec clip, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(random);
        var size = Size(clip.Size, random);
        var color = WorldWords.Word(clip.Color);
        var shape = WorldWords.Word(clip.Shape);
        var motion = Motion(clip.Motion, random);
        var background = WorldWords.Word(clip.Background);
        return random.Next(3) switch
        {
            0 => $"a {size} {color} {shape} {motion} on a {background} background",
            1 => $"a {color} {shape}, {size}, {motion}, {background} behind it",
            _ => $"a {background} background with a {size} {color} {shape} {motion}",
        };
    }

    /// <summary>A player's request for an image: "draw me a big red circle to the left, sky behind it".</summary>
    public static string ImageRequest(ImageScene scene, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var phrase = Scene(scene, random);
        return random.Next(8) switch
        {
            0 => $"show me {phrase}",
            1 => $"draw me {phrase}",
            2 => $"paint {phrase}",
            3 => $"can you draw {phrase}?",
            4 => $"i'd like a picture of {phrase}",
            5 => $"show me a picture of {phrase}",
            6 => $"paint me {phrase}, please",
            _ => $"draw {phrase} for me",
        };
    }

    /// <summary>A player's request for a sound: "let me hear a shrill chime in pulses".</summary>
    public static string SoundRequest(SoundSpec sound, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var phrase = Sound(sound, random);
        return random.Next(6) switch
        {
            0 => $"let me hear {phrase}",
            1 => $"play {phrase}",
            2 => $"play me {phrase}",
            3 => $"can you play {phrase}?",
            4 => $"i want to hear {phrase}",
            _ => $"let me hear {phrase}, please",
        };
    }

    /// <summary>A player's request for a clip: "make a clip of a small green triangle sliding to the right".</summary>
    public static string ClipRequest(ClipSpec clip, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var phrase = Clip(clip, random);
        return random.Next(5) switch
        {
            0 => $"animate {phrase}",
            1 => $"make a clip of {phrase}",
            2 => $"show me a clip of {phrase}",
            3 => $"can you animate {phrase}?",
            _ => $"make me a little clip: {phrase}",
        };
    }
}
