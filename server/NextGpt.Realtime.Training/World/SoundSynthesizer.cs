namespace NextGpt.Realtime.Training.World;

/// <summary>
/// Synthesises a <see cref="SoundSpec"/> as 2.0 s of mono PCM at 16 kHz (world.md's audio format), samples in [-1, 1].
/// Pitches sit near 220, 440 and 880 Hz (jittered by up to 0.15 octave per render); rising and falling sounds glide one
/// octave centred on the pitch, so the pitch heard on average is still the named one. Pulsing is about 4 beats a second.
/// </summary>
public static class SoundSynthesizer
{
    /// <summary>Largest pitch jitter, in octaves.</summary>
    public const double PitchJitterOctaves = 0.15;

    private const double Rate = WorldFormat.SampleRate;
    private const double FadeSeconds = 0.01;

    /// <summary>Nominal frequency of a pitch word.</summary>
    public static double NominalFrequency(Pitch pitch) => pitch switch
    {
        Pitch.Low => 220,
        Pitch.Middle => 440,
        Pitch.High => 880,
        _ => throw new ArgumentOutOfRangeException(nameof(pitch), pitch, null),
    };

    public static float[] Render(SoundSpec spec, long renderSeed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var random = new WorldRandom((ulong)renderSeed);
        var amplitude = random.NextDouble(0.35, 0.6);
        var beatsPerSecond = random.NextDouble(3.7, 4.3);
        var samples = spec.Kind switch
        {
            SoundKind.Drum => Drum(beatsPerSecond),
            SoundKind.Wind => Wind(random),
            _ => Pitched(spec, random, beatsPerSecond),
        };
        Normalize(samples, amplitude);
        Fade(samples);
        return samples;
    }

    private static float[] Pitched(SoundSpec spec, WorldRandom random, double beatsPerSecond)
    {
        var frequency = NominalFrequency(spec.Pitch!.Value) *
            Math.Pow(2, random.NextDouble(-PitchJitterOctaves, PitchJitterOctaves));
        var samples = new float[WorldFormat.SoundSamples];
        var phase = 0.0;
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / Rate;

            // Glides are exponential in frequency: log2 f moves linearly by one octave across the sound.
            var glide = spec.Pattern switch
            {
                SoundPattern.Rising => (t / WorldFormat.SoundSeconds) - 0.5,
                SoundPattern.Falling => 0.5 - (t / WorldFormat.SoundSeconds),
                _ => 0.0,
            };
            phase += 2 * Math.PI * frequency * Math.Pow(2, glide) / Rate;
            var instantaneous = frequency * Math.Pow(2, glide);
            var beatTime = (t * beatsPerSecond) % 1.0 / beatsPerSecond;
            var (wave, envelope) = spec.Kind switch
            {
                SoundKind.Tone => (Math.Sin(phase), Gate(spec.Pattern, beatTime, beatsPerSecond)),
                SoundKind.Buzz => (Square(phase, instantaneous), Gate(spec.Pattern, beatTime, beatsPerSecond)),
                SoundKind.Chime => ChimeSample(phase, spec.Pattern == SoundPattern.Pulsing ? beatTime : t, spec.Pattern),
                _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, null),
            };
            samples[i] = (float)(wave * envelope);
        }

        return samples;
    }

    /// <summary>On for the first 55% of each beat with 10 ms ramps when pulsing; always on otherwise.</summary>
    private static double Gate(SoundPattern pattern, double beatTime, double beatsPerSecond)
    {
        if (pattern != SoundPattern.Pulsing)
        {
            return 1.0;
        }

        var on = 0.55 / beatsPerSecond;
        return Math.Clamp(Math.Min(beatTime, on - beatTime) / FadeSeconds, 0, 1);
    }

    /// <summary>A band-limited square wave: odd harmonics at 1/n below 7.5 kHz (no aliasing at 16 kHz).</summary>
    private static double Square(double phase, double frequency)
    {
        var sum = 0.0;
        for (var n = 1; n * frequency < 7500; n += 2)
        {
            sum += Math.Sin(n * phase) / n;
        }

        return sum;
    }

    /// <summary>A struck chime: harmonics 1-4 at 1, 0.5, 0.3, 0.15, the higher ones dying faster. Pulsing chimes are struck
    /// on every beat and ring 60 ms; a steady chime is struck once and rings 0.8 s; gliding chimes ring 1.5 s.</summary>
    private static (double Wave, double Envelope) ChimeSample(double phase, double sinceStrike, SoundPattern pattern)
    {
        var ring = pattern switch
        {
            SoundPattern.Pulsing => 0.06,
            SoundPattern.Steady => 0.8,
            _ => 1.5,
        };
        var attack = Math.Min(1.0, sinceStrike / 0.004);
        double[] weights = [1.0, 0.5, 0.3, 0.15];
        var wave = 0.0;
        for (var h = 0; h < weights.Length; h++)
        {
            wave += weights[h] * Math.Exp(-sinceStrike * h * 0.5 / ring) * Math.Sin((h + 1) * phase);
        }

        return (wave, attack * Math.Exp(-sinceStrike / ring));
    }

    /// <summary>Low thumps on every beat: a sine whose pitch drops from 110 to 50 Hz within the thump, ringing 80 ms.</summary>
    private static float[] Drum(double beatsPerSecond)
    {
        var samples = new float[WorldFormat.SoundSamples];
        var phase = 0.0;
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / Rate;
            var since = (t * beatsPerSecond) % 1.0 / beatsPerSecond;
            var frequency = 50 + (60 * Math.Exp(-since / 0.03));
            phase = since < 1 / Rate ? 0 : phase + (2 * Math.PI * frequency / Rate);
            var attack = Math.Min(1.0, since / 0.003);
            samples[i] = (float)(attack * Math.Exp(-since / 0.08) * Math.Sin(phase));
        }

        return samples;
    }

    /// <summary>White noise through a two-pole band-pass around 500-1200 Hz, with a slow swell (0.2-0.4 Hz, depth 0.3).</summary>
    private static float[] Wind(WorldRandom random)
    {
        var samples = new float[WorldFormat.SoundSamples];
        var center = random.NextDouble(500, 1200);
        var swellRate = random.NextDouble(0.2, 0.4);
        var swellPhase = random.NextDouble(0, 2 * Math.PI);

        // RBJ cookbook band-pass (constant skirt gain), Q = 0.8.
        var w0 = 2 * Math.PI * center / Rate;
        var alpha = Math.Sin(w0) / (2 * 0.8);
        var a0 = 1 + alpha;
        var (b0, b2) = (alpha / a0, -alpha / a0);
        var (a1, a2) = (-2 * Math.Cos(w0) / a0, (1 - alpha) / a0);
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var x = random.NextGaussian();
            var y = (b0 * x) + (b2 * x2) - (a1 * y1) - (a2 * y2);
            (x2, x1, y2, y1) = (x1, x, y1, y);
            var swell = 1 - (0.3 * (0.5 + (0.5 * Math.Sin((2 * Math.PI * swellRate * i / Rate) + swellPhase))));
            samples[i] = (float)(y * swell);
        }

        return samples;
    }

    private static void Normalize(float[] samples, double amplitude)
    {
        var peak = samples.Max(Math.Abs);
        if (peak <= 0)
        {
            return;
        }

        var scale = (float)(amplitude / peak);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] *= scale;
        }
    }

    /// <summary>10 ms fades at both ends, so the sound starts and stops without a click.</summary>
    private static void Fade(float[] samples)
    {
        var fade = (int)(FadeSeconds * Rate);
        for (var i = 0; i < fade; i++)
        {
            var gain = (float)i / fade;
            samples[i] *= gain;
            samples[^(i + 1)] *= gain;
        }
    }
}
