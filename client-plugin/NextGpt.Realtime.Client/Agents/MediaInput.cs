using System;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>
/// One input medium of a turn: bytes to upload (an image, a WAV, a clip, voice PCM) or an upload already under way
/// (<see cref="PendingUpload"/>, such as voice streamed while the player speaks).
/// </summary>
public sealed class MediaInput
{
    private MediaInput(Modality modality, MediaFormat format, byte[]? bytes, PendingUpload? upload)
    {
        Modality = modality;
        Format = format;
        Bytes = bytes;
        Upload = upload;
    }

    public Modality Modality { get; }

    public MediaFormat Format { get; }

    /// <summary>The whole medium, uploaded in chunks when the turn starts; null for a <see cref="PendingUpload"/>.</summary>
    public byte[]? Bytes { get; }

    public PendingUpload? Upload { get; }

    /// <summary>A PNG or JPEG image (for a raw frame buffer see <see cref="Screenshot"/>).</summary>
    public static MediaInput Image(byte[] bytes, MediaFormat format = MediaFormat.Png)
    {
        if (format is not (MediaFormat.Png or MediaFormat.Jpeg))
        {
            throw new ArgumentException($"An image input must be PNG or JPEG, not {format}.", nameof(format));
        }

        return new MediaInput(Modality.Image, format, RequireBytes(bytes), null);
    }

    /// <summary>
    /// A screenshot from a frame buffer (any layout, either row order), downscaled so its longer side is at most
    /// <paramref name="maxSide"/> (0: as is) and encoded as JPEG (default: several times smaller than PNG for rendered
    /// scenes) or PNG (lossless).
    /// </summary>
    public static MediaInput Screenshot(ReadOnlySpan<byte> frame, int width, int height, PixelLayout layout, RowOrder order,
        MediaFormat format = MediaFormat.Jpeg, int maxSide = 768, int quality = JpegEncoder.DefaultQuality) => format switch
    {
        MediaFormat.Jpeg => Image(JpegEncoder.EncodeFrame(frame, width, height, layout, order, quality, maxSide), MediaFormat.Jpeg),
        MediaFormat.Png => Image(PngEncoder.EncodeFrame(frame, width, height, layout, order, maxSide), MediaFormat.Png),
        _ => throw new ArgumentException($"A screenshot is encoded as PNG or JPEG, not {format}.", nameof(format)),
    };

    /// <summary>Speech or any sound as a RIFF WAV file.</summary>
    public static MediaInput Wav(byte[] bytes) => new(Modality.Audio, MediaFormat.Wav, RequireBytes(bytes), null);

    /// <summary>Speech or sound as 16 kHz mono PCM16 little-endian (Audio.VoiceInput produces it).</summary>
    public static MediaInput Pcm16(byte[] bytes)
    {
        if (RequireBytes(bytes).Length % 2 != 0)
        {
            throw new ArgumentException("PCM16 needs an even number of bytes (2 per sample).", nameof(bytes));
        }

        return new MediaInput(Modality.Audio, MediaFormat.Pcm16, bytes, null);
    }

    /// <summary>A sound in another container ffmpeg reads (OGG, MP3, WebM).</summary>
    public static MediaInput Sound(byte[] bytes) => new(Modality.Audio, MediaFormat.Other, RequireBytes(bytes), null);

    /// <summary>A video clip (MP4, or another container with <see cref="MediaFormat.Other"/>).</summary>
    public static MediaInput Clip(byte[] bytes, MediaFormat format = MediaFormat.Mp4)
    {
        if (format is not (MediaFormat.Mp4 or MediaFormat.Other))
        {
            throw new ArgumentException($"A clip must be MP4 or Other, not {format}.", nameof(format));
        }

        return new MediaInput(Modality.Video, format, RequireBytes(bytes), null);
    }

    /// <summary>An upload that started earlier (streamed voice); the turn waits for its receipt.</summary>
    public static MediaInput FromUpload(PendingUpload upload) =>
        new((upload ?? throw new ArgumentNullException(nameof(upload))).Modality, upload.Format, null, upload);

    private static byte[] RequireBytes(byte[] bytes) =>
        bytes is null ? throw new ArgumentNullException(nameof(bytes))
        : bytes.Length == 0 ? throw new ArgumentException("An input medium must not be empty.", nameof(bytes))
        : bytes;
}
