using System.Globalization;

namespace NextGpt.Realtime.Modeling.Media.Audio;

/// <summary>
/// Decodes any audio file to <see cref="PcmAudio"/> at its own sample rate and channel count (as torchaudio.load does):
/// WAV in C# (<see cref="WavReader"/>), everything else (MP3, OGG/Vorbis/Opus, FLAC, M4A, the audio of a video) through
/// ffmpeg as raw float32.
/// </summary>
public static class AudioDecoder
{
    public static PcmAudio Decode(string path, MediaLimits? limits = null)
    {
        limits ??= MediaLimits.Default;
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Audio file {path} does not exist.", path);
        }

        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new MediaFormatException($"{name} is empty (0 bytes).");
        }

        var head = new byte[12];
        using (var file = File.OpenRead(path))
        {
            FfmpegTool.ReadFully(file, head);
        }

        return WavReader.LooksLikeWav(head) ? WavReader.Read(File.ReadAllBytes(path), limits, name) : DecodeWithFfmpeg(path, limits, name);
    }

    /// <summary>Decodes uploaded bytes; <paramref name="name"/> (with its extension) names the upload in errors and helps ffmpeg.</summary>
    public static PcmAudio Decode(byte[] bytes, string name, MediaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new MediaFormatException($"{name} is empty (0 bytes).");
        }

        if (WavReader.LooksLikeWav(bytes))
        {
            return WavReader.Read(bytes, limits, name);
        }

        var temporary = Path.Combine(Path.GetTempPath(), $"nextgpt-audio-{Guid.NewGuid():N}{Path.GetExtension(name)}");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            return DecodeWithFfmpeg(temporary, limits ?? MediaLimits.Default, name);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static PcmAudio DecodeWithFfmpeg(string path, MediaLimits limits, string name)
    {
        var probe = FfmpegTool.RunToText("ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=sample_rate,channels", "-of", "csv=p=0", path],
            limits.DecodeTimeout, name).Trim();
        var fields = probe.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length < 2
            || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var sampleRate)
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var channelCount)
            || sampleRate <= 0 || channelCount <= 0)
        {
            throw new MediaFormatException($"{name} has no audio stream ffmpeg can read.");
        }

        var maxSamples = (long)(limits.MaxAudioSeconds * sampleRate);
        var channels = Enumerable.Range(0, channelCount).Select(_ => new List<float>()).ToArray();
        FfmpegTool.Run("ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-f", "f32le", "-acodec", "pcm_f32le", "-"],
            limits.DecodeTimeout, name, stdout =>
            {
                var frame = new byte[4 * channelCount];
                while (FfmpegTool.ReadFully(stdout, frame) == frame.Length)
                {
                    if (channels[0].Count >= maxSamples)
                    {
                        throw new MediaFormatException($"{name} is longer than the {limits.MaxAudioSeconds} s limit (MediaLimits.MaxAudioSeconds).");
                    }

                    for (var c = 0; c < channelCount; c++)
                    {
                        channels[c].Add(BitConverter.ToSingle(frame, 4 * c));
                    }
                }

                return true;
            });
        if (channels[0].Count == 0)
        {
            throw new MediaFormatException($"{name} holds no audio samples (zero-length audio).");
        }

        return new PcmAudio(sampleRate, channels.Select(c => c.ToArray()).ToArray());
    }
}
