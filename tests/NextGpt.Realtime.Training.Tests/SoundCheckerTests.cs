using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class SoundCheckerTests
{
    private static IEnumerable<SoundSpec> AllSpecs()
    {
        foreach (var kind in new[] { SoundKind.Tone, SoundKind.Chime, SoundKind.Buzz })
        {
            foreach (var pitch in Enum.GetValues<Pitch>())
            {
                foreach (var pattern in Enum.GetValues<SoundPattern>())
                {
                    yield return new SoundSpec(kind, pitch, pattern);
                }
            }
        }

        yield return new SoundSpec(SoundKind.Drum, null, SoundPattern.Pulsing);
        yield return new SoundSpec(SoundKind.Wind, null, SoundPattern.Steady);
    }

    [Fact]
    public void EverySound_IsReadBack_AtSeveralSeeds()
    {
        var failures = new List<string>();
        foreach (var spec in AllSpecs())
        {
            for (var seed = 0; seed < 2; seed++)
            {
                var result = SoundChecker.Check(SoundSynthesizer.Render(spec, seed), spec);
                if (!result.Passed)
                {
                    failures.Add($"{spec.Caption} seed {seed}: {result} {SoundReading.Of(SoundSynthesizer.Render(spec, seed)).Features}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void WorldSounds_PassClean_AndWithNoiseWithinTolerance()
    {
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        var clean = 0;
        var noisy = 0;
        const int count = 40;
        for (var seed = 0; seed < count; seed++)
        {
            var media = (SoundMedia)world.Sound(seed).Media;
            var samples = media.Render();
            clean += SoundChecker.Check(samples, media.Sound).Passed ? 1 : 0;
            noisy += SoundChecker.Check(MediaNoise.Add(samples, MediaNoise.SoundSnrDecibels, seed), media.Sound).Passed ? 1 : 0;
        }

        Assert.Equal(count, clean);
        Assert.True(noisy >= count - 1, $"{noisy}/{count} noisy sounds passed");
    }

    [Theory]
    [InlineData(SoundKind.Tone)]
    [InlineData(SoundKind.Chime)]
    [InlineData(SoundKind.Buzz)]
    public void PitchShiftedAnOctave_FailsPitch(SoundKind kind)
    {
        foreach (var pattern in Enum.GetValues<SoundPattern>())
        {
            var asked = new SoundSpec(kind, Pitch.Middle, pattern);
            foreach (var played in new[] { Pitch.Low, Pitch.High })
            {
                var result = SoundChecker.Check(SoundSynthesizer.Render(new SoundSpec(kind, played, pattern), 3), asked);

                Assert.False(result["pitch"].Passed, $"{asked.Caption} played {WorldWords.Word(played)}: {result}");
                Assert.True(result["kind"].Passed, result.ToString());
            }
        }
    }

    [Fact]
    public void OtherKind_FailsKind()
    {
        foreach (var asked in AllSpecs())
        {
            // One pitch per asked pitched sound keeps the test fast; the played sound keeps pitch and pattern where it can.
            if (asked.Pitch is World.Pitch.Low or World.Pitch.High)
            {
                continue;
            }

            foreach (var played in AllSpecs().Where(s => s.Kind != asked.Kind && s.Pitch == (asked.Pitch ?? s.Pitch) && s.Pattern == asked.Pattern))
            {
                var result = SoundChecker.Check(SoundSynthesizer.Render(played, 5), asked);

                Assert.False(result["kind"].Passed, $"{asked.Caption} played as {played.Caption}: {result}");
            }
        }
    }

    [Fact]
    public void ReversedOrFlattenedPattern_FailsPattern()
    {
        foreach (var kind in new[] { SoundKind.Tone, SoundKind.Chime, SoundKind.Buzz })
        {
            foreach (var pitch in Enum.GetValues<Pitch>())
            {
                (SoundPattern Asked, SoundPattern Played)[] swaps =
                [
                    (SoundPattern.Rising, SoundPattern.Falling), (SoundPattern.Falling, SoundPattern.Rising),
                    (SoundPattern.Pulsing, SoundPattern.Steady), (SoundPattern.Steady, SoundPattern.Pulsing),
                    (SoundPattern.Rising, SoundPattern.Steady),
                ];
                foreach (var (asked, played) in swaps)
                {
                    var spec = new SoundSpec(kind, pitch, asked);
                    var result = SoundChecker.Check(SoundSynthesizer.Render(new SoundSpec(kind, pitch, played), 7), spec);

                    Assert.False(result["pattern"].Passed, $"{spec.Caption} played {WorldWords.Word(played)}: {result}");
                }
            }
        }
    }

    [Fact]
    public void TimeReversedRisingSound_ReadsAsFalling()
    {
        var spec = new SoundSpec(SoundKind.Tone, Pitch.High, SoundPattern.Rising);
        var reversed = SoundSynthesizer.Render(spec, 1).Reverse().ToArray();

        Assert.Equal(SoundPattern.Falling, SoundReading.Of(reversed).Pattern);
    }

    [Fact]
    public void Silence_IsNotAPassingSound()
    {
        var spec = new SoundSpec(SoundKind.Tone, Pitch.Low, SoundPattern.Steady);

        Assert.False(SoundChecker.Check(new float[WorldFormat.SoundSamples], spec).Passed);
    }

    [Fact]
    public void BadSamples_GiveClearErrors()
    {
        var spec = new SoundSpec(SoundKind.Tone, Pitch.Low, SoundPattern.Steady);

        Assert.Throws<ArgumentException>(() => SoundChecker.Check(new float[100], spec));
        Assert.Throws<ArgumentException>(() => SoundChecker.Check([.. new float[2000], float.NaN], spec));
    }
}
