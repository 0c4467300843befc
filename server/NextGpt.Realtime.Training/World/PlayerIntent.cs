namespace NextGpt.Realtime.Training.World;

/// <summary>What the player does in one exchange (world.md, "Dialogue": the player may ...).</summary>
public enum PlayerIntent
{
    Greet,
    AskName,
    AskRole,
    AskMood,
    AskOpinion,
    AskVillage,
    Goodbye,

    /// <summary>"show me", "draw", "paint": the NPC answers with image signal tokens.</summary>
    RequestImage,

    /// <summary>"let me hear", "play": audio signal tokens.</summary>
    RequestSound,

    /// <summary>"animate", "make a clip of": video signal tokens.</summary>
    RequestClip,

    /// <summary>A picture or screenshot with "what do you see?".</summary>
    DescribeImage,

    /// <summary>A sound with "what is that noise?".</summary>
    DescribeSound,

    /// <summary>A clip with "what happens here?".</summary>
    DescribeClip,

    /// <summary>"here is my sketch [image], draw it bigger": image in, image out.</summary>
    SketchBigger,

    /// <summary>"play a sound that fits this picture": image in, sound out.</summary>
    SoundForPicture,

    /// <summary>"animate this picture, moving right": image in, clip out.</summary>
    AnimatePicture,
}
