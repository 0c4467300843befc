namespace NextGpt.Realtime.Modeling.Media;

/// <summary>
/// The bytes given as an image, audio or video cannot be used: empty, truncated, not the claimed format, a header that
/// contradicts the data, or dimensions over <see cref="MediaLimits"/>. The message says which file (when known) and why,
/// in words a user can act on; decoders never let a lower-level exception (or a crash) through for bad media.
/// </summary>
public sealed class MediaFormatException : Exception
{
    public MediaFormatException(string message)
        : base(message)
    {
    }

    public MediaFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaFormatException()
    {
    }
}
