namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>The media the encoder embeds next to their captions: images and clips through the vision tower, sounds through
/// the audio tower.</summary>
public enum EncoderMediaKind
{
    Image,
    Audio,
    Video,
}
