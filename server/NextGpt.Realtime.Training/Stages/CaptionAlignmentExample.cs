using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// One stage-2 sample (legacy <c>cc3m_dec</c>, <c>webvid_dec</c>, <c>audiocap_dec</c>): a caption, the medium it asks for,
/// and what that medium's decoder text encoder makes of the caption (precomputed, as legacy
/// <c>process_embeddings.py</c> does): image (77 x 768), video (77 x 1024), audio (1 x 512), row-major.
/// </summary>
public sealed record CaptionAlignmentExample(string Caption, SignalModality Modality, float[] Target);
