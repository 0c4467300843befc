using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Server.Preview;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>
/// The MP4 muxer on a hand-made timeline: pictures of different sizes share one letterboxed canvas, each is on screen
/// exactly from its arrival to the next one (checked by decoding frames at chosen times), the time before the first
/// picture is background, and the audio and caption tracks are there.
/// </summary>
public sealed class Mp4RecordingWriterTests
{
    private static readonly (byte R, byte G, byte B) Red = (200, 30, 30);
    private static readonly (byte R, byte G, byte B) Green = (30, 200, 30);

    [Fact]
    public async Task Pictures_show_from_their_arrival_until_the_next_one_in_one_canvas_with_audio_and_captions()
    {
        var timeline = RecordingTimeline.From(
        [
            At(0.0, new TurnStarted { TurnId = "t" }),
            At(0.2, new TextDelta { TurnId = "t", Text = "Look" }),
            At(0.5, new VideoFrame { TurnId = "t", PartId = 1, Png = Solid(32, 32, Red) }),
            At(1.0, new VideoFrame { TurnId = "t", PartId = 1, FrameIndex = 1, Png = Solid(64, 48, Green) }),
            At(0.3, new AudioChunk { TurnId = "t", PartId = 2, Pcm16 = new byte[16000 * 2] }),
        ]);
        var path = Path.Combine(Path.GetTempPath(), $"writer-test-{Guid.NewGuid():N}.mp4");
        try
        {
            await new Mp4RecordingWriter().WriteAsync(timeline, path);
            var probe = await FFProbe.AnalyseAsync(path);

            var video = Assert.Single(probe.VideoStreams);
            Assert.Equal((342, 256), (video.Width, video.Height));     // 64 x 48 scaled to a 256-pixel short side, even
            Assert.Single(probe.AudioStreams);
            Assert.Single(probe.SubtitleStreams);
            Assert.InRange(probe.Duration.TotalSeconds, 1.95, 2.1);     // last picture at 1.0 s + 1 s hold
            Assert.True(Near(CenterPixel(path, 0.25), (0x0d, 0x11, 0x17)), $"0.25 s: {CenterPixel(path, 0.25)}");
            Assert.True(Near(CenterPixel(path, 0.75), Red), $"0.75 s: {CenterPixel(path, 0.75)}");
            Assert.True(Near(CenterPixel(path, 1.5), Green), $"1.5 s: {CenterPixel(path, 1.5)}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Letterbox_centres_the_picture_at_its_aspect_ratio_on_the_background()
    {
        var picture = ImageDecoder.Decode(Solid(32, 16, Red));

        var fitted = Letterbox.Fit(picture, 100, 80, (1, 2, 3));

        Assert.Equal((100, 80), (fitted.Width, fitted.Height));
        Assert.Equal((1, 2, 3), Pixel(fitted, 50, 10));    // above the 100 x 50 picture (rows 15..64)
        Assert.Equal(Red, Pixel(fitted, 50, 40));
        Assert.Equal(Red, Pixel(fitted, 0, 15));
        Assert.Equal((1, 2, 3), Pixel(fitted, 99, 70));
    }

    [Fact]
    public async Task An_empty_timeline_is_refused_before_ffmpeg_runs() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => new Mp4RecordingWriter().WriteAsync(RecordingTimeline.From([]), "unused.mp4"));

    [Fact]
    public async Task A_folder_without_ffmpeg_is_reported_by_the_recorder_as_an_io_error_that_names_it()
    {
        var recordings = new StreamRecordings(Microsoft.Extensions.Options.Options.Create(new RecordingOptions { FfmpegFolder = "/nonexistent" }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StreamRecordings>.Instance);
        var recording = recordings.Start("s");
        recording.Add(new ImageCompleted { TurnId = "t", PartId = 1, Png = Solid(8, 8, Red) });

        var error = await Assert.ThrowsAsync<IOException>(() => recordings.StopAsync(recording.Id));

        Assert.Contains("ffmpeg", error.Message, StringComparison.Ordinal);
    }

    private static TimedTurnEvent At(double seconds, TurnEvent turnEvent) => new(TimeSpan.FromSeconds(seconds), turnEvent);

    private static byte[] Solid(int width, int height, (byte R, byte G, byte B) colour)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2]) = colour;
        }

        return ImageEncoder.EncodePng(new RgbImage(width, height, pixels));
    }

    private static (byte R, byte G, byte B) Pixel(RgbImage image, int x, int y) => (image[x, y, 0], image[x, y, 1], image[x, y, 2]);

    private static bool Near((byte R, byte G, byte B) actual, (byte R, byte G, byte B) expected) =>
        Math.Abs(actual.R - expected.R) <= 12 && Math.Abs(actual.G - expected.G) <= 12 && Math.Abs(actual.B - expected.B) <= 12;

    // The decoded frame at a time, by ffmpeg itself (independent of the writer), read at the canvas centre.
    private static (byte R, byte G, byte B) CenterPixel(string path, double seconds)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-v", "error", "-ss", seconds.ToString(CultureInfo.InvariantCulture), "-i", path,
            "-frames:v", "1", "-vf", "crop=2:2", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && output.Length == 12, $"ffmpeg: exit {process.ExitCode}, {output.Length} bytes, {errors.Result}");
        var rgb = output.ToArray();
        return (rgb[0], rgb[1], rgb[2]);
    }
}
