using System.Diagnostics;
using NextGpt.Realtime.Cli.Diagnostics;
using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Cli.Generation;

/// <summary>
/// Writes a turn's media as they arrive: <c>image-N.png</c>, <c>audio-N.wav</c> (PCM16), <c>video-N/frame-K.png</c> and,
/// when ffmpeg is installed, <c>video-N.mp4</c> at the world's 4 frames per second. Streams the reply text to the console
/// when one is given.
/// </summary>
public sealed class TurnFiles(string folder, TextWriter? console) : ITurnObserver
{
    private const double ClipFramesPerSecond = 4;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<int, TimeSpan> _started = [];
    private readonly Dictionary<int, List<string>> _frames = [];

    /// <summary>The files written, relative to the folder, in order.</summary>
    public List<string> Files { get; } = [];

    public Dictionary<SignalModality, TimeSpan> DecodeTimes { get; } = [];

    public void OnText(string delta) => console?.Write(delta);

    public void OnMediaStarted(int partId, SignalModality modality) => _started[partId] = _clock.Elapsed;

    public void OnImagePreview(int partId, RgbImage preview, int step, int totalSteps)
    {
    }

    public void OnImage(int partId, RgbImage image) => Write($"image-{partId}.png", ImageEncoder.EncodePng(image));

    public void OnAudio(int partId, float[] samples, int sampleRate) =>
        Write($"audio-{partId}.wav", WavWriter.ToWav16(PcmAudio.Mono(sampleRate, samples)));

    public void OnVideoFrame(int partId, RgbImage frame, int index, int frameCount)
    {
        Directory.CreateDirectory(Path.Combine(folder, $"video-{partId}"));
        var name = $"video-{partId}/frame-{index:D3}.png";
        Write(name, ImageEncoder.EncodePng(frame));
        if (!_frames.TryGetValue(partId, out var frames))
        {
            _frames[partId] = frames = [];
        }

        frames.Add(name);
    }

    public void OnMediaCompleted(int partId, SignalModality modality)
    {
        DecodeTimes[modality] = _clock.Elapsed - _started[partId];
        if (modality == SignalModality.Video && ExecutableLocator.Find("ffmpeg") is not null)
        {
            var mp4 = $"video-{partId}.mp4";
            FfmpegTool.RunToText("ffmpeg", ["-v", "error", "-y", "-framerate", ClipFramesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-i", Path.Combine(folder, $"video-{partId}", "frame-%03d.png"), "-pix_fmt", "yuv420p", "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",
                Path.Combine(folder, mp4)], TimeSpan.FromMinutes(1), mp4);
            Files.Add(mp4);
        }
    }

    private void Write(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
        Files.Add(name);
    }
}
