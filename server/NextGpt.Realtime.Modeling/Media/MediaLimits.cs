namespace NextGpt.Realtime.Modeling.Media;

/// <summary>
/// Bounds checked from a file's header before any buffer is allocated, so a hostile or broken upload (a PNG header
/// claiming 20000x20000, a WAV claiming hours) fails fast with a <see cref="MediaFormatException"/> instead of
/// exhausting memory.
/// </summary>
/// <param name="MaxPixels">Largest width x height of one image or video frame.</param>
/// <param name="MaxAudioSeconds">Longest audio accepted, in seconds (at its own sample rate).</param>
/// <param name="MaxVideoSeconds">Longest video accepted, in seconds.</param>
/// <param name="DecodeTimeout">Wall-clock limit for one ffmpeg/ffprobe process, so a pathological file cannot hang a caller.</param>
public sealed record MediaLimits(long MaxPixels, double MaxAudioSeconds, double MaxVideoSeconds, TimeSpan DecodeTimeout)
{
    /// <summary>64 megapixels, one hour of audio, ten minutes of video, two minutes per ffmpeg run.</summary>
    public static MediaLimits Default { get; } = new(64L * 1024 * 1024, 3600, 600, TimeSpan.FromMinutes(2));

    internal void CheckPixels(long width, long height, string what)
    {
        if (width <= 0 || height <= 0)
        {
            throw new MediaFormatException($"{what} has no pixels ({width}x{height}).");
        }

        if (width * height > MaxPixels)
        {
            throw new MediaFormatException(
                $"{what} is {width}x{height} = {width * height:N0} pixels, over the limit of {MaxPixels:N0} (MediaLimits.MaxPixels).");
        }
    }
}
