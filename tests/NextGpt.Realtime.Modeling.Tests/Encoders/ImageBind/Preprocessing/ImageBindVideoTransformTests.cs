using NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;
using NextGpt.Realtime.Modeling.Media.Video;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Tests.Media;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;

/// <summary>
/// ImageBind's video transform against the fixture script's restatement of data.py + pytorchvideo (torch's own
/// interpolate), on frames both sides decode with the same ffmpeg; small crop sizes keep the fixture small.
/// </summary>
public sealed class ImageBindVideoTransformTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nextgpt-video-transform-").FullName;

    public ImageBindVideoTransformTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("testsrc", 32)]   // 96x64, 7 s at 12 fps: landscape, left/centre/right crops
    [InlineData("tall", 24)]      // 40x72, 1.5 s at 10 fps: portrait (top/centre/bottom), shorter than a clip
    public void Apply_MatchesTheReference(string name, int size)
    {
        using var scope = NewDisposeScope();
        var path = PreprocessingFixtures.PathOf("video", name + ".mkv");
        var info = VideoDecoder.Probe(path);

        var indices = ImageBindVideoTransform.FrameIndices(info.FrameCount, info.FramesPerSecond);
        var clips = ImageBindVideoTransform.Apply(path, size: size);

        var expectedIndices = PreprocessingFixtures.Load("video", name + ".frame_indices");
        Assert.Equal(expectedIndices.data<long>().ToArray(), indices.SelectMany(i => i).ToArray());
        Assert.Equal([15L, 3, 2, size, size], clips.shape);
        Assert.True(PreprocessingFixtures.MaxAbsDifference(PreprocessingFixtures.Load("video", $"{name}.clips{size}"), clips) <= 1e-5);
    }

    [Fact]
    public void H264MadeAtTestTime_GivesImageBindsShape()
    {
        using var scope = NewDisposeScope();
        var mp4 = Path.Combine(_folder, "clip.mp4");
        AudioDecoderTests.Ffmpeg("-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=15", "-pix_fmt", "yuv420p", "-c:v", "libx264", mp4);

        var clips = ImageBindVideoTransform.Apply(mp4);

        Assert.Equal([15L, 3, 2, 224, 224], clips.shape);
        Assert.True(clips.isfinite().all().item<bool>());
        // Clip 0 (frames 0 and 29) differs from clip 4 (frames 30 and 59): testsrc's counter moves.
        Assert.False(clips[0].allclose(clips[12]));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
