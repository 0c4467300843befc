using NextGpt.Realtime.Training.Benchmark;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class BenchmarkScorerTests
{
    private static readonly ImageScene RedCircle = new(Background.Sky, [new ImageObject(ShapeKind.Circle, ObjectColor.Red, ObjectSize.Large, ObjectPosition.Left)]);
    private static readonly SoundSpec HighChime = new(SoundKind.Chime, Pitch.High, SoundPattern.Pulsing);
    private static readonly ClipSpec GreenTriangle = new(Background.Sand, ShapeKind.Triangle, ObjectColor.Green, ObjectSize.Small, Motion.MovingRight);

    [Fact]
    public void TextToImage_CountsEachAttributeAndAllAtOnce()
    {
        var request = new ImageMedia(RedCircle, 1);
        var blueInstead = ImageRenderer.Render(new ImageScene(Background.Sky, [RedCircle.Objects[0] with { Color = ObjectColor.Blue }]), 2);
        var table = BenchmarkScorer.Score(
        [
            new GenerationRecord(request, new ImageOutput(request.Render())),
            new GenerationRecord(request, new ImageOutput(blueInstead)),
        ]);

        Assert.Equal((2, 2), (table["text->image shape"].Passed, table["text->image shape"].Total));
        Assert.Equal((1, 2), (table["text->image color"].Passed, table["text->image color"].Total));
        Assert.Equal(2, table["text->image background"].Passed);
        Assert.Equal((1, 2), (table["text->image all attributes (one object)"].Passed, table["text->image all attributes (one object)"].Total));
        Assert.False(table["text->image color"].MeetsBar);
    }

    [Fact]
    public void WrongModality_FailsEveryAttribute()
    {
        var table = BenchmarkScorer.Score([new GenerationRecord(new SoundMedia(HighChime, 1), new ImageOutput(ImageRenderer.Render(RedCircle, 1)))]);

        Assert.Equal((0, 1), (table["text->audio kind"].Passed, table["text->audio kind"].Total));
        Assert.Equal((0, 1), (table["text->audio pitch"].Passed, table["text->audio pitch"].Total));
    }

    [Fact]
    public void TextToAudioAndVideo_UseTheirCheckers()
    {
        var sound = new SoundMedia(HighChime, 3);
        var clip = new ClipMedia(GreenTriangle, 3);
        var lowChime = SoundSynthesizer.Render(new SoundSpec(SoundKind.Chime, Pitch.Low, SoundPattern.Pulsing), 3);
        var movingLeft = ClipRenderer.Render(new ClipSpec(Background.Sand, ShapeKind.Triangle, ObjectColor.Green, ObjectSize.Small, Motion.MovingLeft), 3);
        var table = BenchmarkScorer.Score(
        [
            new GenerationRecord(sound, new SoundOutput(sound.Render())),
            new GenerationRecord(sound, new SoundOutput(lowChime)),
            new GenerationRecord(clip, new ClipOutput(clip.Render())),
            new GenerationRecord(clip, new ClipOutput(movingLeft)),
        ]);

        Assert.Equal((2, 2), (table["text->audio kind"].Passed, table["text->audio kind"].Total));
        Assert.Equal(1, table["text->audio pitch"].Passed);
        Assert.Equal(2, table["text->video shape"].Passed);
        Assert.Equal((1, 2), (table["text->video motion"].Passed, table["text->video motion"].Total));
    }

    [Fact]
    public void Descriptions_AreScoredOnTheCaptionsAttributes()
    {
        var twoObjects = new ImageScene(Background.Gray, [
            new ImageObject(ShapeKind.Square, ObjectColor.Blue, ObjectSize.Small, ObjectPosition.Top),
            new ImageObject(ShapeKind.Star, ObjectColor.Yellow, ObjectSize.Large, ObjectPosition.Right)]);
        var table = BenchmarkScorer.Score(
        [
            new DescriptionRecord(new ImageMedia(twoObjects, 1), "hmph. that is a small blue square at the top and a large yellow star on the right on a gray background."),
            new DescriptionRecord(new ImageMedia(RedCircle, 1), "i see a large purple circle on the left on a white background."),
            new DescriptionRecord(new SoundMedia(HighChime, 1), "that is a high chime pulsing."),
            new DescriptionRecord(new SoundMedia(new SoundSpec(SoundKind.Wind, null, SoundPattern.Steady), 1), "sounds like wind to me."),
            new DescriptionRecord(new ClipMedia(GreenTriangle, 1), "i see a small green triangle moving left on a sand background."),
        ]);

        // 9 + 5 image attributes: all of the first right; the second has shape, size, position right, color and background wrong.
        Assert.Equal((12, 14), (table["image->text attributes"].Passed, table["image->text attributes"].Total));
        Assert.Equal((4, 4), (table["audio->text attributes"].Passed, table["audio->text attributes"].Total));
        Assert.Equal((2, 3), (table["video->text attributes"].Passed, table["video->text attributes"].Total));
    }

    [Fact]
    public void SignalTokens_RecallAndFalseRatePerModality()
    {
        var table = BenchmarkScorer.Score(
        [
            new SignalRecord(MediaKind.Image, "here is your picture." + SignalTokens.Span(MediaKind.Image)),
            new SignalRecord(MediaKind.Image, "here is your picture. [IMG0] [IMG1]"),
            new SignalRecord(MediaKind.Video, "watch closely." + SignalTokens.Span(MediaKind.Video)),
            new SignalRecord(null, "my name is brom."),
            new SignalRecord(null, "hello there. [AUD0]"),
        ]);

        Assert.Equal((1, 2), (table["signal tokens when asked (image)"].Passed, table["signal tokens when asked (image)"].Total));
        Assert.Equal((1, 1), (table["signal tokens when asked (video)"].Passed, table["signal tokens when asked (video)"].Total));
        Assert.Equal(0, table["signal tokens when asked (audio)"].Total);
        Assert.Equal((1, 5), (table["signal tokens when not asked (audio)"].Passed, table["signal tokens when not asked (audio)"].Total));
        Assert.Equal((0, 3), (table["signal tokens when not asked (image)"].Passed, table["signal tokens when not asked (image)"].Total));
        Assert.False(table["signal tokens when not asked (audio)"].MeetsBar);
        Assert.True(table["signal tokens when not asked (image)"].MeetsBar);
    }

    [Fact]
    public void Persona_NeedsOwnNameAndNoOther()
    {
        var persona = PersonaPool.Draw(new WorldRandom(1), WorldSplit.HeldOut);
        var other = PersonaPool.AllNames.First(n => n != persona.Name);
        var table = BenchmarkScorer.Score(
        [
            new PersonaNameRecord(persona, $"my name is {persona.Name}."),
            new PersonaNameRecord(persona, $"they call me {other}."),
            new PersonaNameRecord(persona, $"i am {persona.Name}, sister of {other}."),
            new PersonaNameRecord(persona, "i am the blacksmith."),
        ]);

        Assert.Equal((1, 4), (table["persona: own name when asked"].Passed, table["persona: own name when asked"].Total));
    }

    [Fact]
    public void Diversity_NeedsDifferentMediaThatBothPass()
    {
        var request = new ImageMedia(RedCircle, 0);
        var a = new ImageOutput(ImageRenderer.Render(RedCircle, 11));
        var b = new ImageOutput(ImageRenderer.Render(RedCircle, 12));
        var wrong = new ImageOutput(ImageRenderer.Render(new ImageScene(Background.Sky, [RedCircle.Objects[0] with { Shape = ShapeKind.Square }]), 13));
        var table = BenchmarkScorer.Score(
        [
            new DiversityRecord(request, a, b),
            new DiversityRecord(request, a, a),
            new DiversityRecord(request, a, wrong),
        ]);

        Assert.Equal((1, 3), (table["diversity: two seeds differ and both pass"].Passed, table["diversity: two seeds differ and both pass"].Total));
    }

    [Fact]
    public void EmptyRecords_GiveRowsWithoutTrials_AndAMarkdownTable()
    {
        var table = BenchmarkScorer.Score([]);

        Assert.All(table.Rows, row => Assert.Equal(0, row.Total));
        Assert.True(table.MeetsAllBars);
        Assert.Contains("| text->image shape | n/a | 0 / 0 | >= 95% |", table.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal(23, table.Rows.Count);
    }
}
