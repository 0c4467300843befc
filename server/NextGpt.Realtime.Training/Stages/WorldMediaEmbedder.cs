using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Video;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// Renders a world medium and reads it with the frozen encoder exactly as the server reads an upload
/// (<see cref="ImageBindMediaEncoder"/>), so stages 1 and 3 train on the embeddings the model will see when served.
/// </summary>
public sealed class WorldMediaEmbedder(ImageBindMediaEncoder encoder)
{
    /// <summary>The world's sound rate (world.md: mono, 16 kHz).</summary>
    public const int SampleRate = 16_000;

    /// <summary>The world's clip rate (world.md: 4 frames per second).</summary>
    public const double FramesPerSecond = 4;

    public float[] Embed(WorldMedia media) => media switch
    {
        ImageMedia image => encoder.EncodeImage(image.Render()).Embedding,
        SoundMedia sound => encoder.EncodeAudio(new PcmAudio(SampleRate, [sound.Render()])).Embedding,
        ClipMedia clip => encoder.EncodeVideo(new VideoClip(clip.Render().Frames, FramesPerSecond)).Embedding,
        _ => throw new ArgumentOutOfRangeException(nameof(media), media, "Unknown world medium."),
    };
}
