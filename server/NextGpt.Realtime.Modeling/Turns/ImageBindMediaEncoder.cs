using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Media.Video;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// Decoded input media to the embeddings the input projector reads: ImageBind's exact preprocessing, then its vision or
/// audio tower (L2-normalised, clip-averaged; architecture notes section 1). Runs on the model's thread, each encoding inside
/// a <see cref="GcPause"/> (its many small tensor operations are where TorchSharp's Scalar race struck).
/// </summary>
public sealed class ImageBindMediaEncoder(ImageBindModel model)
{
    public InputEmbedding EncodeImage(RgbImage image)
    {
        using var pause = GcPause.Start();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pixels = ImageBindImageTransform.Apply(image, model.Config.ImageSize).unsqueeze(0);   // (1, 3, S, S)
        return new InputEmbedding("image", Vector(model.EncodeVision(pixels)));
    }

    public InputEmbedding EncodeAudio(PcmAudio audio)
    {
        using var pause = GcPause.Start();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var clips = ImageBindAudioTransform.Apply(audio).unsqueeze(0);                          // (1, 3, 1, 128, 204)
        return new InputEmbedding("audio", Vector(model.EncodeAudio(clips)));
    }

    /// <summary>ImageBind's video reading (NExT-GPT <c>load_and_transform_video_data</c>): five 2 s clips of two frames,
    /// three crops each, through the vision tower, averaged.</summary>
    public InputEmbedding EncodeVideo(VideoClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        using var pause = GcPause.Start();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var clips = ImageBindVideoTransform.FrameIndices(clip.Frames.Count, clip.FramesPerSecond)
            .Select(pair => pair.Select(i => clip.Frames[(int)i]).ToArray())
            .ToArray();
        var pixels = ImageBindVideoTransform.Apply(clips, model.Config.ImageSize).unsqueeze(0); // (1, 15, 3, 2, S, S)
        return new InputEmbedding("video", Vector(model.EncodeVision(pixels)));
    }

    private static float[] Vector(Tensor embedding) => embedding[0].to(ScalarType.Float32, CPU).data<float>().ToArray(); // (out_embed_dim)
}
