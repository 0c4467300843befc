using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Media.Video;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;

/// <summary>
/// ImageBind's video transform (<c>data.py load_and_transform_video_data</c>): five 2 s clips
/// (<see cref="ConstantClipsPerVideoSampler"/>, frame ranges by decord's <c>get_clip</c> rule), two frames each
/// (pytorchvideo <c>UniformTemporalSubsample(2)</c>: the clip's first and last frame), /255, pytorchvideo
/// <c>ShortSideScale(224)</c> (torch bilinear interpolation, align_corners=False, no antialias), CLIP normalisation, and
/// <c>SpatialCrop(224, num_crops=3)</c> (left/centre/right, or top/centre/bottom for portrait video). Gives
/// (15, 3, 2, 224, 224): clip-major, three crops per clip.
/// </summary>
/// <remarks>Frames come from ffmpeg's rgb24 conversion, where the reference used decord's; the transform after decoding is exact.</remarks>
public static class ImageBindVideoTransform
{
    public const int Size = 224;
    public const int ClipsPerVideo = 5;
    public const int FramesPerClip = 2;

    private static readonly ConstantClipsPerVideoSampler Sampler = new(clipDuration: 2, clipsPerVideo: ClipsPerVideo);

    public static Tensor Apply(string path, MediaLimits? limits = null, int size = Size)
    {
        var info = VideoDecoder.Probe(path, limits);
        var indices = FrameIndices(info.FrameCount, info.FramesPerSecond);
        var frames = VideoDecoder.DecodeFrames(path, [.. indices.SelectMany(pair => pair)], limits);
        return Apply(frames.Chunk(FramesPerClip).ToArray(), size);
    }

    /// <summary>Per clip, the indices of its two frames: [begin, end - 1] of decord's range for that clip.</summary>
    public static IReadOnlyList<long[]> FrameIndices(long frameCount, double framesPerSecond) =>
        Sampler.FrameRanges(frameCount, framesPerSecond).Select(range =>
        {
            var count = range.End - range.Begin;
            if (count <= 0)
            {
                throw new MediaFormatException($"A clip starting at frame {range.Begin} of {frameCount} has no frames.");
            }

            // torch.linspace(0, t - 1, 2).long(): the first and the last frame.
            return new[] { range.Begin, range.Begin + count - 1 };
        }).ToArray();

    /// <summary>Clips of <see cref="FramesPerClip"/> frames each -> (clips x 3, 3, 2, size, size).</summary>
    public static Tensor Apply(IReadOnlyList<RgbImage[]> clips, int size = Size)
    {
        ArgumentNullException.ThrowIfNull(clips);
        using var scope = NewDisposeScope();
        var mean = tensor(ClipNormalization.Mean.ToArray()).view(3, 1, 1, 1);
        var std = tensor(ClipNormalization.Std.ToArray()).view(3, 1, 1, 1);
        var crops = new List<Tensor>();
        foreach (var clip in clips)
        {
            var video = stack(clip.Select(ToCHW).ToArray(), 1).div(255.0);                         // (3, T, H, W) in [0, 1]
            video = ShortSideScale(video, size).sub(mean).div(std);
            crops.AddRange(Enumerable.Range(0, 3).Select(i => UniformCrop(video, size, i)));
        }

        return stack(crops).MoveToOuterDisposeScope();                                             // (clips x 3, 3, T, size, size)
    }

    /// <summary>pytorchvideo short_side_scale: the short side to <paramref name="size"/>, the long side floor(long / short * size).</summary>
    private static Tensor ShortSideScale(Tensor video, int size)
    {
        var (height, width) = (video.shape[2], video.shape[3]);
        var (newHeight, newWidth) = width < height
            ? ((long)Math.Floor((double)height / width * size), (long)size)
            : (size, (long)Math.Floor((double)width / height * size));
        // A (C, T, H, W) tensor is interpolated as a batch of C images with T channels, as pytorchvideo does.
        return nn.functional.interpolate(video, [newHeight, newWidth], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>ImageBind data.py uniform_crop: index 0/1/2 = left/centre/right (top/centre/bottom when taller than wide).</summary>
    private static Tensor UniformCrop(Tensor video, int size, int index)
    {
        var (height, width) = (video.shape[2], video.shape[3]);
        var yOffset = (long)Math.Ceiling((height - size) / 2.0);
        var xOffset = (long)Math.Ceiling((width - size) / 2.0);
        if (height > width)
        {
            yOffset = index == 0 ? 0 : index == 2 ? height - size : yOffset;
        }
        else
        {
            xOffset = index == 0 ? 0 : index == 2 ? width - size : xOffset;
        }

        return video[.., .., (int)yOffset..(int)(yOffset + size), (int)xOffset..(int)(xOffset + size)];   // (3, T, size, size)
    }

    private static Tensor ToCHW(RgbImage frame) =>
        tensor(frame.Pixels, [frame.Height, frame.Width, 3], ScalarType.Byte).permute(2, 0, 1).to_type(ScalarType.Float32);   // (3, H, W)
}
