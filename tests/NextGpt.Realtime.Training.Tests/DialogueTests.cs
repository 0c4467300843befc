using System.Text.Json;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class DialogueTests
{
    private static List<Dialogue> Dialogues(WorldSplit split, int count = 300) =>
        [.. Enumerable.Range(0, count).Select(seed => DialogueGenerator.Generate(split, seed))];

    [Fact]
    public void Splits_HaveDisjointNamesAndTraits()
    {
        var splits = Enum.GetValues<WorldSplit>();
        foreach (var a in splits)
        {
            foreach (var b in splits.Where(b => b != a))
            {
                Assert.Empty(PersonaPool.Names(a).Intersect(PersonaPool.Names(b)));
                Assert.Empty(PersonaPool.Traits(a).Intersect(PersonaPool.Traits(b)));
            }
        }
    }

    [Theory]
    [InlineData(WorldSplit.Train)]
    [InlineData(WorldSplit.HeldOut)]
    public void Dialogues_UseOnlyTheirSplitsNamesAndTraits(WorldSplit split)
    {
        foreach (var dialogue in Dialogues(split))
        {
            if (split == WorldSplit.Train)
            {
                // Training personas mostly carry fresh made-up names (LetterNames), never another split's.
                Assert.DoesNotContain(dialogue.Persona.Name, PersonaPool.Names(WorldSplit.HeldOut).Concat(PersonaPool.Names(WorldSplit.Validation)));
            }
            else
            {
                Assert.Contains(dialogue.Persona.Name, PersonaPool.Names(split));
            }

            Assert.All(dialogue.Persona.TraitWords, trait => Assert.Contains(trait, PersonaPool.Traits(split)));
            var text = string.Join(" ", dialogue.Turns.Select(t => t.Text));
            var foreign = PersonaPool.AllNames.Where(n => n != dialogue.Persona.Name && System.Text.RegularExpressions.Regex.IsMatch(text, $@"\b{n}\b"));
            Assert.Empty(foreign);
        }
    }

    [Fact]
    public void Dialogues_AlternateTurns_AndSignalTokensFollowOnlyMediaRequests()
    {
        var intents = new HashSet<PlayerIntent>();
        foreach (var dialogue in Dialogues(WorldSplit.Train))
        {
            Assert.InRange(dialogue.Turns.Count, 6, 12);
            for (var i = 0; i < dialogue.Turns.Count; i++)
            {
                var turn = dialogue.Turns[i];
                Assert.Equal(i % 2 == 0, turn.IsPlayer);
                intents.Add(turn.Intent);
                var producesMedia = turn.Intent is PlayerIntent.RequestImage or PlayerIntent.RequestSound or PlayerIntent.RequestClip
                    or PlayerIntent.SketchBigger or PlayerIntent.SoundForPicture or PlayerIntent.AnimatePicture;
                var hasAttachment = turn.Intent is PlayerIntent.DescribeImage or PlayerIntent.DescribeSound or PlayerIntent.DescribeClip
                    or PlayerIntent.SketchBigger or PlayerIntent.SoundForPicture or PlayerIntent.AnimatePicture;
                if (turn.IsPlayer)
                {
                    Assert.Null(turn.Output);
                    Assert.Equal(hasAttachment, turn.Attachment is not null);
                }
                else
                {
                    Assert.Null(turn.Attachment);
                    Assert.Equal(producesMedia, turn.Output is not null);
                    foreach (var kind in Enum.GetValues<MediaKind>())
                    {
                        Assert.Equal(turn.Output?.Kind == kind, SignalTokens.HasFullSpan(turn.TargetText, kind));
                        Assert.Equal(turn.Output?.Kind == kind, SignalTokens.HasAny(turn.TargetText, kind));
                    }
                }
            }
        }

        Assert.Equal(Enum.GetValues<PlayerIntent>().Length, intents.Count);
    }

    [Fact]
    public void Npc_GivesItsOwnNameWhenAsked_AndDescribesWithTheCaption()
    {
        foreach (var dialogue in Dialogues(WorldSplit.HeldOut))
        {
            for (var i = 1; i < dialogue.Turns.Count; i += 2)
            {
                var (question, answer) = (dialogue.Turns[i - 1], dialogue.Turns[i]);
                if (question.Intent == PlayerIntent.AskName)
                {
                    Assert.Contains(dialogue.Persona.Name, answer.Text, StringComparison.Ordinal);
                }

                if (question.Intent is PlayerIntent.DescribeImage or PlayerIntent.DescribeSound or PlayerIntent.DescribeClip)
                {
                    Assert.Contains(question.Attachment!.Caption, answer.Text, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void CombinedRequests_FollowTheirRules()
    {
        var random = new WorldRandom(9);
        var persona = PersonaPool.Draw(random, WorldSplit.Train);
        for (var i = 0; i < 30; i++)
        {
            var bigger = DialogueGenerator.Exchange(PlayerIntent.SketchBigger, persona, random);
            var sketch = ((ImageMedia)bigger[0].Attachment!).Scene;
            var drawn = ((ImageMedia)bigger[1].Output!).Scene;
            Assert.Equal(ObjectSize.Small, sketch.Objects[0].Size);
            Assert.Equal(sketch.Objects[0] with { Size = ObjectSize.Large }, drawn.Objects[0]);

            var animate = DialogueGenerator.Exchange(PlayerIntent.AnimatePicture, persona, random);
            var picture = ((ImageMedia)animate[0].Attachment!).Scene.Objects[0];
            var clip = ((ClipMedia)animate[1].Output!).Clip;
            Assert.Equal((picture.Shape, picture.Color, picture.Size), (clip.Shape, clip.Color, clip.Size));
        }
    }

    [Fact]
    public void Dialogues_SerializeToJson()
    {
        var json = JsonSerializer.Serialize(Dialogues(WorldSplit.Validation, 5), WorldSampleWriter.JsonOptions);

        Assert.Contains("\"description\":", json, StringComparison.Ordinal);
        Assert.Contains("\"target_text\":", json, StringComparison.Ordinal);
    }
}
