using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

/// <summary>Deterministic Gaussian noise for the checkers' tolerance tests.</summary>
internal static class MediaNoise
{
    /// <summary>Image noise the checkers must tolerate: sigma 8 on the 0-255 scale, per channel.</summary>
    public const double ImageSigma = 8;

    /// <summary>Sound noise the checkers must tolerate: white noise 20 dB below the sound's RMS.</summary>
    public const double SoundSnrDecibels = 20;

    public static RgbImage Add(RgbImage image, double sigma, long seed)
    {
        var random = new WorldRandom((ulong)seed);
        var noisy = image.Copy();
        for (var i = 0; i < noisy.Pixels.Length; i++)
        {
            noisy.Pixels[i] = (byte)Math.Clamp(Math.Round(noisy.Pixels[i] + (sigma * random.NextGaussian())), 0, 255);
        }

        return noisy;
    }

    public static Clip Add(Clip clip, double sigma, long seed) =>
        new([.. clip.Frames.Select((frame, i) => Add(frame, sigma, seed + i))]);

    public static float[] Add(float[] samples, double snrDecibels, long seed)
    {
        var random = new WorldRandom((ulong)seed);
        var rms = Math.Sqrt(samples.Average(s => (double)s * s));
        var sigma = rms / Math.Pow(10, snrDecibels / 20);
        return [.. samples.Select(s => (float)(s + (sigma * random.NextGaussian())))];
    }
}
