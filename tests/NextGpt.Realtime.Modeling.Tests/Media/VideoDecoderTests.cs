using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Media.Video;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;

namespace NextGpt.Realtime.Modeling.Tests.Media;

/// <summary>ffmpeg video decoding (test.sh installs ffmpeg): probing, frame selection, and files that are not video.</summary>
public sealed class VideoDecoderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nextgpt-video-").FullName;

    public VideoDecoderTests() => TorchRuntime.Initialize();

    [Fact]
    public void Probe_ReadsSizeFramesAndRate()
    {
        var info = VideoDecoder.Probe(PreprocessingFixtures.PathOf("video", "testsrc.mkv"));

        Assert.Equal(new VideoInfo(96, 64, 84, 12), info);
        Assert.Equal(7, info.DurationSeconds, 9);
    }

    [Fact]
    public void DecodeFrames_ReturnsTheAskedFramesInOrder()
    {
        var path = PreprocessingFixtures.PathOf("video", "testsrc.mkv");
        var all = VideoDecoder.DecodeAll(path);

        var frames = VideoDecoder.DecodeFrames(path, [30, 0, 30, 83]);

        Assert.Equal(84, all.Frames.Count);
        using var expected = PreprocessingFixtures.Load("video", "testsrc.frame0");
        Assert.Equal(expected.data<byte>().ToArray(), frames[1].Pixels);
        Assert.Equal(all.Frames[30].Pixels, frames[0].Pixels);
        Assert.Equal(all.Frames[30].Pixels, frames[2].Pixels);
        Assert.Equal(all.Frames[83].Pixels, frames[3].Pixels);
        Assert.NotEqual(frames[0].Pixels, frames[1].Pixels);
    }

    [Fact]
    public void Mp4MadeByFfmpeg_Decodes()
    {
        var mp4 = Path.Combine(_folder, "clip.mp4");
        AudioDecoderTests.Ffmpeg("-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25", "-pix_fmt", "yuv420p", "-c:v", "libx264", mp4);

        var info = VideoDecoder.Probe(mp4);

        Assert.Equal((320, 240, 75L, 25.0), (info.Width, info.Height, info.FrameCount, info.FramesPerSecond));
    }

    [Fact]
    public void TextFileGivenAsVideo_IsRejected()
    {
        var path = Path.Combine(_folder, "notes.mp4");
        File.WriteAllText(path, "definitely not a video");

        var error = Assert.Throws<MediaFormatException>(() => VideoDecoder.Probe(path));
        Assert.Contains("notes.mp4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StillImageGivenAsVideo_IsRejected()
    {
        var path = Path.Combine(_folder, "picture.png");
        File.WriteAllBytes(path, ImageEncoder.EncodePng(new RgbImage(8, 8, new byte[8 * 8 * 3])));

        var error = Assert.Throws<MediaFormatException>(() => VideoDecoder.Probe(path));
        Assert.Contains("picture.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFile_IsRejected()
    {
        var path = Path.Combine(_folder, "empty.mp4");
        File.WriteAllBytes(path, []);

        Assert.Contains("empty", Assert.Throws<MediaFormatException>(() => VideoDecoder.Probe(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FramesOverTheLimit_AreRejectedBeforeDecoding()
    {
        var limits = MediaLimits.Default with { MaxPixels = 96 * 63 };

        var error = Assert.Throws<MediaFormatException>(() => VideoDecoder.DecodeAll(PreprocessingFixtures.PathOf("video", "testsrc.mkv"), limits));
        Assert.Contains("96x64", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
