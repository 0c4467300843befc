using System.Globalization;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Media.Video;

/// <summary>
/// Video decoding through ffmpeg: ffprobe for the stream's size, frame count and average frame rate, then ffmpeg
/// writing every frame as raw rgb24 to a pipe (<c>-fps_mode passthrough</c>: no frame dropped or duplicated), of which
/// only the requested frames are kept, so a long video never sits in memory.
/// </summary>
public static class VideoDecoder
{
    public static VideoInfo Probe(string path, MediaLimits? limits = null)
    {
        limits ??= MediaLimits.Default;
        var name = CheckFile(path);
        var text = FfmpegTool.RunToText("ffprobe",
            ["-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,nb_read_packets:format=format_name",
             "-of", "default=noprint_wrappers=1", path], limits.DecodeTimeout, name);
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("width", out var width) || !fields.TryGetValue("height", out var height))
        {
            throw new MediaFormatException($"{name} has no video stream.");
        }

        // ffmpeg opens a PNG or JPEG as a one-frame "video" through its image demuxers (image2, png_pipe, ...).
        var container = fields.GetValueOrDefault("format_name", string.Empty);
        if (container == "image2" || container.EndsWith("_pipe", StringComparison.Ordinal))
        {
            throw new MediaFormatException($"{name} is a still image ({container}), not a video.");
        }

        var info = new VideoInfo(ParseInt(width, name), ParseInt(height, name), ParseFrames(fields, name), ParseRate(fields, name));
        limits.CheckPixels(info.Width, info.Height, name + " (video frame)");
        if (info.DurationSeconds > limits.MaxVideoSeconds)
        {
            throw new MediaFormatException($"{name} is {info.DurationSeconds:F0} s long, over the {limits.MaxVideoSeconds} s limit (MediaLimits.MaxVideoSeconds).");
        }

        return info;
    }

    /// <summary>
    /// The frames at <paramref name="indices"/> (decode order, 0-based), in the order asked. An index past the frames the
    /// decoder actually produced (a container whose packet count overstates its frames) gets the last frame.
    /// </summary>
    public static IReadOnlyList<RgbImage> DecodeFrames(string path, IReadOnlyList<long> indices, MediaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        limits ??= MediaLimits.Default;
        var info = Probe(path, limits);
        var wanted = indices.ToHashSet();
        var maxIndex = indices.Count > 0 ? indices.Max() : -1;
        var kept = new Dictionary<long, RgbImage>();
        var last = new byte[3 * info.Width * info.Height];
        var decoded = Decode(path, info, limits, (index, frame) =>
        {
            if (wanted.Contains(index))
            {
                kept[index] = new RgbImage(info.Width, info.Height, (byte[])frame.Clone());
            }

            frame.CopyTo(last, 0);
            return index < maxIndex;
        });
        if (decoded == 0)
        {
            throw new MediaFormatException($"{Path.GetFileName(path)} has no decodable video frames.");
        }

        var fallback = new RgbImage(info.Width, info.Height, last);
        return indices.Select(i => kept.GetValueOrDefault(i) ?? fallback).ToArray();
    }

    /// <summary>Every frame (for short clips: memory is frames x width x height x 3 bytes).</summary>
    public static VideoClip DecodeAll(string path, MediaLimits? limits = null)
    {
        limits ??= MediaLimits.Default;
        var info = Probe(path, limits);
        var frames = new List<RgbImage>();
        Decode(path, info, limits, (_, frame) =>
        {
            frames.Add(new RgbImage(info.Width, info.Height, (byte[])frame.Clone()));
            return true;
        });
        return frames.Count > 0
            ? new VideoClip(frames, info.FramesPerSecond)
            : throw new MediaFormatException($"{Path.GetFileName(path)} has no decodable video frames.");
    }

    /// <summary>
    /// Streams frames (index, rgb24 bytes valid during the call) to <paramref name="onFrame"/> until it returns false or
    /// the video ends; returns the number of frames read.
    /// </summary>
    private static long Decode(string path, VideoInfo info, MediaLimits limits, Func<long, byte[], bool> onFrame)
    {
        var count = 0L;
        FfmpegTool.Run("ffmpeg",
            ["-v", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
            limits.DecodeTimeout, Path.GetFileName(path), stdout =>
            {
                var buffer = new byte[3 * info.Width * info.Height];
                while (FfmpegTool.ReadFully(stdout, buffer) == buffer.Length)
                {
                    if (!onFrame(count++, buffer))
                    {
                        return false;
                    }
                }

                return true;
            });
        return count;
    }

    private static string CheckFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Video file {path} does not exist.", path);
        }

        var name = Path.GetFileName(path);
        return new FileInfo(path).Length == 0 ? throw new MediaFormatException($"{name} is empty (0 bytes).") : name;
    }

    private static int ParseInt(string value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) && result > 0
            ? result
            : throw new MediaFormatException($"{name}: ffprobe reports a frame size of '{value}'.");

    private static long ParseFrames(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue("nb_read_packets", out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var frames) && frames > 0
            ? frames
            : throw new MediaFormatException($"{name} has a video stream with no frames.");

    /// <summary>avg_frame_rate as "num/den" (decord's get_avg_fps); 0/0 means a still image, not a video.</summary>
    private static double ParseRate(Dictionary<string, string> fields, string name)
    {
        var parts = fields.GetValueOrDefault("avg_frame_rate", "0/0").Split('/');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
            && numerator > 0 && denominator > 0)
        {
            return numerator / denominator;
        }

        throw new MediaFormatException($"{name} has no frame rate (a still image rather than a video?).");
    }
}
