using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>An input a player uploaded, checked and decoded, ready for the model's encoders.</summary>
/// <param name="Image">The decoded image (images and screenshots).</param>
/// <param name="Audio">The decoded sound (16 kHz and above, any channel count).</param>
public sealed record UploadedMedium(
    string UploadId,
    string PlayerId,
    Modality Modality,
    MediaFormat Format,
    long ByteCount,
    RgbImage? Image = null,
    PcmAudio? Audio = null);
