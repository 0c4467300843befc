namespace NextGpt.Realtime.Training.World;

/// <summary>
/// The Emberfall world of one split (world.md): every sample is a pure function of (split, seed), so a training run, an
/// evaluation and a person looking at the CLI's sample all see the same world.
/// </summary>
public sealed class EmberfallWorld
{
    /// <summary>Paraphrases of the caption given with each captioned sample.</summary>
    public const int ParaphraseCount = 6;

    public EmberfallWorld(WorldSplit split)
    {
        if (!Enum.IsDefined(split))
        {
            throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split.");
        }

        Split = split;
    }

    public WorldSplit Split { get; }

    public CaptionedMedia Image(long seed)
    {
        var random = WorldRandom.For(Split, "image", seed);
        var scene = SceneSampler.Image(random);
        var paraphrases = Enumerable.Range(0, ParaphraseCount).Select(_ => Paraphrases.Scene(scene, random)).ToArray();
        return new CaptionedMedia(new ImageMedia(scene, random.NextSeed()), scene.Caption, paraphrases, Paraphrases.ImageRequest(scene, random));
    }

    public CaptionedMedia Sound(long seed)
    {
        var random = WorldRandom.For(Split, "sound", seed);
        var sound = SceneSampler.Sound(random);
        var paraphrases = Enumerable.Range(0, ParaphraseCount).Select(_ => Paraphrases.Sound(sound, random)).ToArray();
        return new CaptionedMedia(new SoundMedia(sound, random.NextSeed()), sound.Caption, paraphrases, Paraphrases.SoundRequest(sound, random));
    }

    public CaptionedMedia Clip(long seed)
    {
        var random = WorldRandom.For(Split, "clip", seed);
        var clip = SceneSampler.Clip(random);
        var paraphrases = Enumerable.Range(0, ParaphraseCount).Select(_ => Paraphrases.Clip(clip, random)).ToArray();
        return new CaptionedMedia(new ClipMedia(clip, random.NextSeed()), clip.Caption, paraphrases, Paraphrases.ClipRequest(clip, random));
    }

    public Dialogue Dialogue(long seed) => DialogueGenerator.Generate(Split, seed);
}
