using System;

namespace NextGpt.Realtime.Client.Audio;

/// <summary>Makes generated ambience loop without a click.</summary>
public static class AudioLoop
{
    /// <summary>
    /// Crossfades the last <paramref name="crossfadeSamples"/> into the first ones (equal-power) and drops that tail, so
    /// the result played in a loop is continuous: its end flows into its start the way its tail flowed into the fade.
    /// </summary>
    public static float[] MakeSeamless(ReadOnlySpan<float> samples, int crossfadeSamples)
    {
        if (crossfadeSamples <= 0 || crossfadeSamples * 2 > samples.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(crossfadeSamples), "The crossfade must be positive and at most half the sound.");
        }

        var length = samples.Length - crossfadeSamples;
        var loop = samples.Slice(0, length).ToArray();
        for (var i = 0; i < crossfadeSamples; i++)
        {
            var t = (i + 0.5) / crossfadeSamples;
            var fadeIn = Math.Sin(t * Math.PI / 2);
            var fadeOut = Math.Cos(t * Math.PI / 2);
            loop[i] = (float)((samples[i] * fadeIn) + (samples[length + i] * fadeOut));
        }

        return loop;
    }
}
