using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using FFMpegCore;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>
/// Muxes a <see cref="RecordingTimeline"/> into an MP4 with ffmpeg (through FFMpegCore): the pictures, each first
/// letterboxed into one canvas (<see cref="Letterbox"/>), through ffmpeg's concat demuxer with each one's display time,
/// encoded as H.264 at a constant frame rate; the audio track as raw s16le from a file (not a pipe: ffmpeg 5.1 loses the
/// start of piped WAV input, environment.md) encoded as AAC; the captions as an SRT file stored as mov_text. Everything
/// goes through files in a private temporary folder that is deleted afterwards.
/// </summary>
public sealed class Mp4RecordingWriter(string ffmpegFolder = "", int framesPerSecond = 25)
{
    // Tiny previews (64 x 64) are scaled up so the replay is watchable; the canvas never exceeds 1080p.
    private const int MinimumShortSide = 256;
    private const int MaximumSide = 1920;

    // The page's background colour (#0d1117), for letterboxing and for the time before the first picture.
    private static readonly (byte R, byte G, byte B) Background = (0x0d, 0x11, 0x17);

    /// <summary>Writes <paramref name="timeline"/> to <paramref name="path"/> (overwritten).</summary>
    /// <exception cref="InvalidOperationException">The timeline holds nothing to show or hear.</exception>
    /// <exception cref="IOException">The configured ffmpeg folder has no ffmpeg (FFMpegCore would quietly use PATH's).</exception>
    public async Task WriteAsync(RecordingTimeline timeline, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.Pictures.Count == 0 && timeline.Audio.Length == 0)
        {
            throw new InvalidOperationException("The recording holds no pictures and no audio, so there is nothing to write.");
        }

        if (!string.IsNullOrEmpty(ffmpegFolder) && !File.Exists(Path.Combine(ffmpegFolder, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg")))
        {
            throw new IOException($"There is no ffmpeg in the configured folder '{ffmpegFolder}' (Recording:FfmpegFolder).");
        }

        var work = Directory.CreateTempSubdirectory("nextgpt-recording-");
        try
        {
            var (width, height) = Canvas(timeline.LargestPicture);
            var pictures = Path.Combine(work.FullName, "pictures.ffconcat");
            await File.WriteAllTextAsync(pictures, ConcatList(timeline, work.FullName, width, height), cancellationToken);

            var arguments = FFMpegArguments.FromFileInput(pictures, verifyExists: true, o => o.WithCustomArgument("-f concat -safe 0"));
            var maps = new StringBuilder("-map 0:v");
            var input = 1;
            if (timeline.Audio.Length > 0)
            {
                var audio = Path.Combine(work.FullName, "audio.s16le");
                await File.WriteAllBytesAsync(audio, Pcm16(timeline.Audio), cancellationToken);
                arguments = arguments.AddFileInput(audio, verifyExists: true, o => o.WithCustomArgument($"-f s16le -ar {RecordingTimeline.AudioRate} -ac 1"));
                maps.Append(CultureInfo.InvariantCulture, $" -map {input++}:a -c:a aac -b:a 96k");
            }

            if (timeline.Captions.Count > 0)
            {
                var captions = Path.Combine(work.FullName, "captions.srt");
                await File.WriteAllTextAsync(captions, Srt(timeline), cancellationToken);
                arguments = arguments.AddFileInput(captions, verifyExists: true);
                maps.Append(CultureInfo.InvariantCulture, $" -map {input}:s -c:s mov_text -metadata:s:s:0 language=eng");
            }

            var filter = $"fps={framesPerSecond},format=yuv420p";
            var seconds = timeline.Duration.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
            await arguments
                .OutputToFile(path, overwrite: true, o => o.WithCustomArgument(
                    $"{maps} -vf {filter} -c:v libx264 -preset veryfast -crf 20 -t {seconds} -movflags +faststart"))
                .CancellableThrough(cancellationToken)
                .ProcessAsynchronously(throwOnError: true, Options());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>FFMpegCore's options for this writer's ffmpeg folder (also right for ffprobe, which sits beside it).</summary>
    public FFOptions Options() => string.IsNullOrEmpty(ffmpegFolder) ? new FFOptions() : new FFOptions { BinaryFolder = ffmpegFolder };

    // The largest picture, scaled up to a watchable size and capped, with even sides (yuv420p needs them).
    private static (int Width, int Height) Canvas((int Width, int Height) largest)
    {
        var (width, height) = largest.Width > 0 ? largest : (640, 360);
        var scale = Math.Max(1.0, MinimumShortSide / (double)Math.Min(width, height));
        scale = Math.Min(scale, MaximumSide / (double)Math.Max(width, height));
        return (Even(width * scale), Even(height * scale));

        static int Even(double side) => Math.Max(2, (int)Math.Round(side / 2) * 2);
    }

    // An ffconcat list: each picture for its display time; a background frame first when the first picture came late.
    // The concat demuxer ignores the last entry's duration unless that file is listed once more.
    private static string ConcatList(RecordingTimeline timeline, string folder, int width, int height)
    {
        var shown = new List<(string File, TimeSpan At)>();
        if (timeline.Pictures.Count == 0 || timeline.Pictures[0].At > TimeSpan.Zero)
        {
            var file = Path.Combine(folder, "background.png");
            File.WriteAllBytes(file, ImageEncoder.EncodePng(Letterbox.Blank(width, height, Background)));
            shown.Add((file, TimeSpan.Zero));
        }

        for (var i = 0; i < timeline.Pictures.Count; i++)
        {
            var file = Path.Combine(folder, $"picture-{i:D6}.png");
            File.WriteAllBytes(file, ImageEncoder.EncodePng(Letterbox.Fit(ImageDecoder.Decode(timeline.Pictures[i].Png), width, height, Background)));
            shown.Add((file, timeline.Pictures[i].At));
        }

        var list = new StringBuilder("ffconcat version 1.0\n");
        for (var i = 0; i < shown.Count; i++)
        {
            var until = i + 1 < shown.Count ? shown[i + 1].At : timeline.Duration;
            var seconds = Math.Max(0.001, (until - shown[i].At).TotalSeconds);
            list.Append(CultureInfo.InvariantCulture, $"file '{shown[i].File}'\nduration {seconds:F6}\n");
        }

        list.Append(CultureInfo.InvariantCulture, $"file '{shown[^1].File}'\n");
        return list.ToString();
    }

    private static byte[] Pcm16(short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        }

        return bytes;
    }

    private static string Srt(RecordingTimeline timeline)
    {
        var srt = new StringBuilder();
        for (var i = 0; i < timeline.Captions.Count; i++)
        {
            var caption = timeline.Captions[i];
            var until = i + 1 < timeline.Captions.Count ? timeline.Captions[i + 1].At : timeline.Duration;
            srt.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Stamp(caption.At)} --> {Stamp(until)}\n{caption.Text.Replace("\n", " ", StringComparison.Ordinal)}\n\n");
        }

        return srt.ToString();

        static string Stamp(TimeSpan at) => at.ToString(@"hh\:mm\:ss\,fff", CultureInfo.InvariantCulture);
    }
}
