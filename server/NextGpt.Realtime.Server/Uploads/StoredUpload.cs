using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Uploads;

/// <summary>An uploaded input medium, already decoded (so a turn never meets a corrupt file), waiting for its turn.</summary>
public sealed record StoredUpload(string Id, string SessionId, RgbImage? Image, PcmAudio? Audio);
