namespace NextGpt.Realtime.Training.World;

/// <summary>The media formats of the embedded model (world.md, "Media formats of the embedded model").</summary>
public static class WorldFormat
{
    /// <summary>Image and clip-frame width and height in pixels (RGB).</summary>
    public const int ImageSize = 64;

    /// <summary>Mono audio sample rate in Hz.</summary>
    public const int SampleRate = 16_000;

    /// <summary>Sound length in seconds.</summary>
    public const double SoundSeconds = 2.0;

    /// <summary>Samples in one sound: 16 kHz x 2.0 s.</summary>
    public const int SoundSamples = 32_000;

    /// <summary>Frames in one clip.</summary>
    public const int ClipFrames = 8;

    /// <summary>Clip frame rate.</summary>
    public const int ClipFramesPerSecond = 4;
}
