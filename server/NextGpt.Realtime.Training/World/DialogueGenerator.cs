namespace NextGpt.Realtime.Training.World;

/// <summary>
/// MosIT-style dialogues in Emberfall (NExT-GPT's modality-switching instruction tuning, world.md "Dialogue"): a persona,
/// then three to six exchanges that mix small talk with requests for pictures, sounds and clips, media the player sends for
/// the NPC to describe, and combinations (a sketch to redraw bigger, a picture to turn into a sound or a clip).
/// </summary>
public static class DialogueGenerator
{
    /// <summary>Chance that an exchange in the middle of a dialogue is about media rather than small talk.</summary>
    public const double MediaChance = 0.55;

    private static readonly PlayerIntent[] SmallTalk =
    [
        PlayerIntent.AskName, PlayerIntent.AskName, PlayerIntent.AskRole, PlayerIntent.AskMood, PlayerIntent.AskOpinion,
        PlayerIntent.AskVillage,
    ];

    private static readonly PlayerIntent[] MediaIntents =
    [
        PlayerIntent.RequestImage, PlayerIntent.RequestImage, PlayerIntent.RequestSound, PlayerIntent.RequestSound,
        PlayerIntent.RequestClip, PlayerIntent.RequestClip, PlayerIntent.DescribeImage, PlayerIntent.DescribeSound,
        PlayerIntent.DescribeClip, PlayerIntent.SketchBigger, PlayerIntent.SoundForPicture, PlayerIntent.AnimatePicture,
    ];

    private static readonly string[] Topics =
    [
        "the weather", "the other villagers", "travellers", "the old tower", "the harvest festival", "the dragon rumours",
        "the new mill", "the king's taxes",
    ];

    public static Dialogue Generate(WorldSplit split, long seed)
    {
        var random = WorldRandom.For(split, "dialogue", seed);
        var persona = PersonaPool.Draw(random, split);
        var exchanges = random.NextInclusive(3, 6);
        var turns = new List<DialogueTurn>();
        for (var i = 0; i < exchanges; i++)
        {
            var intent = i == 0 && random.NextBool(0.6) ? PlayerIntent.Greet
                : i == exchanges - 1 && random.NextBool(0.4) ? PlayerIntent.Goodbye
                : random.NextBool(MediaChance) ? random.Pick(MediaIntents)
                : random.Pick(SmallTalk);
            turns.AddRange(Exchange(intent, persona, random));
        }

        return new Dialogue(split, seed, persona, turns);
    }

    /// <summary>One player turn and the NPC's answer for an intent.</summary>
    public static IReadOnlyList<DialogueTurn> Exchange(PlayerIntent intent, Persona persona, WorldRandom random)
    {
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(random);
        switch (intent)
        {
            case PlayerIntent.RequestImage:
            {
                var scene = SceneSampler.Image(random);
                return Produce(intent, Paraphrases.ImageRequest(scene, random), null, new ImageMedia(scene, random.NextSeed()), persona, random);
            }

            case PlayerIntent.RequestSound:
            {
                var sound = SceneSampler.Sound(random);
                return Produce(intent, Paraphrases.SoundRequest(sound, random), null, new SoundMedia(sound, random.NextSeed()), persona, random);
            }

            case PlayerIntent.RequestClip:
            {
                var clip = SceneSampler.Clip(random);
                return Produce(intent, Paraphrases.ClipRequest(clip, random), null, new ClipMedia(clip, random.NextSeed()), persona, random);
            }

            case PlayerIntent.DescribeImage:
                return Describe(intent, random.Pick(["what do you see?", "what's in this picture?", "look at this screenshot. what is it?", "here is a picture. describe it."]),
                    new ImageMedia(SceneSampler.Image(random), random.NextSeed()), persona, random);

            case PlayerIntent.DescribeSound:
                return Describe(intent, random.Pick(["what is that noise?", "listen. what sound is this?", "what do you hear?"]),
                    new SoundMedia(SceneSampler.Sound(random), random.NextSeed()), persona, random);

            case PlayerIntent.DescribeClip:
                return Describe(intent, random.Pick(["what happens here?", "watch this clip. what happens?", "what is going on in this clip?"]),
                    new ClipMedia(SceneSampler.Clip(random), random.NextSeed()), persona, random);

            case PlayerIntent.SketchBigger:
            {
                var background = random.Pick(Enum.GetValues<Background>());
                var item = SceneSampler.Object(random, background) with { Size = ObjectSize.Small };
                var sketch = new ImageMedia(new ImageScene(background, [item]), random.NextSeed());
                var bigger = new ImageMedia(new ImageScene(background, [item with { Size = ObjectSize.Large }]), random.NextSeed());
                var text = random.Pick(["here is my sketch, draw it bigger", "make this picture bigger", "redraw my sketch with a bigger shape"]);
                return Produce(intent, text, sketch, bigger, persona, random);
            }

            case PlayerIntent.SoundForPicture:
            {
                var scene = SceneSampler.Image(random, objectCount: 1);
                var sound = new SoundMedia(PictureSound.For(scene.Objects[0]), random.NextSeed());
                var text = random.Pick(["play a sound that fits this picture", "what would this picture sound like? play it"]);
                return Produce(intent, text, new ImageMedia(scene, random.NextSeed()), sound, persona, random);
            }

            case PlayerIntent.AnimatePicture:
            {
                var scene = SceneSampler.Image(random, objectCount: 1);
                var item = scene.Objects[0];
                var motions = Enum.GetValues<Motion>().Where(motion => ClipSpec.Allows(item.Shape, motion)).ToArray();
                var motion = random.Pick(motions);
                var clip = new ClipMedia(new ClipSpec(scene.Background, item.Shape, item.Color, item.Size, motion), random.NextSeed());
                var text = $"animate this picture: make it {Paraphrases.Motion(motion, random)}";
                return Produce(intent, text, new ImageMedia(scene, random.NextSeed()), clip, persona, random);
            }

            default:
                return Talk(intent, persona, random);
        }
    }

    private static DialogueTurn[] Talk(PlayerIntent intent, Persona persona, WorldRandom random)
    {
        var topic = random.Pick(Topics);
        var (player, npc) = intent switch
        {
            PlayerIntent.Greet => (random.Pick(["hello", "hi there", "good day", "greetings", "well met"]), NpcLines.Greeting(persona, random)),
            PlayerIntent.AskName => (random.Pick(["what is your name?", "who are you?", "what do they call you?", "may i ask your name?", "what's your name?"]), NpcLines.Name(persona, random)),
            PlayerIntent.AskRole => (random.Pick(["what do you do here?", "what is your work?", "what's your trade?"]), NpcLines.Role(persona, random)),
            PlayerIntent.AskMood => (random.Pick(["how are you feeling?", "how are you today?", "what's your mood?"]), NpcLines.Mood(persona, random)),
            PlayerIntent.AskOpinion => ($"what do you think of {topic}?", NpcLines.Opinion(persona, topic, random)),
            PlayerIntent.AskVillage => (random.Pick(["tell me about the village", "what is this place?", "what's new in emberfall?"]), NpcLines.Village(persona, random)),
            PlayerIntent.Goodbye => (random.Pick(["goodbye", "farewell", "see you later", "i must go"]), NpcLines.Goodbye(persona, random)),
            _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, "Not a small-talk intent."),
        };
        return [new DialogueTurn(true, player, intent, null, null), new DialogueTurn(false, npc, intent, null, null)];
    }

    private static DialogueTurn[] Produce(
        PlayerIntent intent, string text, WorldMedia? attachment, WorldMedia output, Persona persona, WorldRandom random) =>
    [
        new DialogueTurn(true, text, intent, attachment, null),
        new DialogueTurn(false, NpcLines.MediaLine(persona, output.Kind, random), intent, null, output),
    ];

    private static DialogueTurn[] Describe(PlayerIntent intent, string text, WorldMedia attachment, Persona persona, WorldRandom random) =>
    [
        new DialogueTurn(true, text, intent, attachment, null),
        new DialogueTurn(false, NpcLines.Describe(persona, attachment, random), intent, null, null),
    ];
}
