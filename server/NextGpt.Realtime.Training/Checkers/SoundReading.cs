using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Checkers;

/// <summary>The sound checker's reading of a sound: kind, pitch (for tones, chimes and buzzes) and pattern, from
/// <see cref="SoundFeatures"/> alone.</summary>
public sealed record SoundReading(SoundFeatures Features, SoundKind Kind, Pitch? Pitch, SoundPattern Pattern)
{
    /// <summary>Flatness above which a sound is noise (wind). Clean tonal sounds score below 0.001 (0.01 with noise 20 dB
    /// down); the world's band-passed wind 0.09-0.3.</summary>
    public const double NoiseFlatness = 0.03;

    /// <summary>Below this dominant frequency a tonal sound is a drum's thump (50-110 Hz); the lowest glide reaches 140 Hz.</summary>
    public const double DrumFrequency = 130;

    /// <summary>Second-harmonic power ratio above which a tonal sound is a chime (its 2f is at a quarter of f's power).</summary>
    public const double ChimeSecondHarmonic = 0.03;

    /// <summary>Third-harmonic power ratio above which a sound without 2f is a buzz (a square wave's 3f is at 1/9).</summary>
    public const double BuzzThirdHarmonic = 0.03;

    /// <summary>Onsets from which a sound is pulsing (4 beats a second give about 8 in 2 s).</summary>
    public const int PulsingOnsets = 4;

    /// <summary>Glide, in octaves per second, beyond which a sound is rising or falling (the world's glides are 0.5).</summary>
    public const double GlideThreshold = 0.2;

    public static SoundReading Of(float[] samples)
    {
        var features = SoundFeatures.Of(samples);
        var kind = features.Flatness > NoiseFlatness ? SoundKind.Wind
            : features.DominantFrequency < DrumFrequency ? SoundKind.Drum
            : features.SecondHarmonic > ChimeSecondHarmonic ? SoundKind.Chime
            : features.ThirdHarmonic > BuzzThirdHarmonic ? SoundKind.Buzz
            : SoundKind.Tone;
        World.Pitch? pitch = kind is SoundKind.Wind or SoundKind.Drum ? null : PitchOf(features.DominantFrequency);
        var pattern = features.Onsets >= PulsingOnsets ? SoundPattern.Pulsing
            : pitch is null ? SoundPattern.Steady
            : features.GlideOctavesPerSecond > GlideThreshold ? SoundPattern.Rising
            : features.GlideOctavesPerSecond < -GlideThreshold ? SoundPattern.Falling
            : SoundPattern.Steady;
        return new SoundReading(features, kind, pitch, pattern);
    }

    /// <summary>The pitch word nearest in octaves to the frequency: low 220, middle 440, high 880 Hz.</summary>
    public static World.Pitch PitchOf(double frequency)
    {
        var octave = Math.Log2(Math.Max(frequency, 1) / 220);
        return octave < 0.5 ? World.Pitch.Low : octave < 1.5 ? World.Pitch.Middle : World.Pitch.High;
    }
}
