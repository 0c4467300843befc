using System.Diagnostics;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Training.Evaluation;

/// <summary>
/// Keeps what one turn produced, by medium: the final image, the waveform, the clip's frames, and how long each decoder
/// ran (from its media-started to its media-completed event), for scoring and for the report.
/// </summary>
public sealed class TurnCapture : ITurnObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<int, TimeSpan> _started = [];
    private readonly Dictionary<int, List<RgbImage>> _frames = [];

    public RgbImage? Image { get; private set; }

    public int ImagePreviews { get; private set; }

    public float[]? Audio { get; private set; }

    public int AudioSampleRate { get; private set; }

    public IReadOnlyList<RgbImage>? VideoFrames { get; private set; }

    /// <summary>Decoder wall time per medium produced.</summary>
    public Dictionary<SignalModality, TimeSpan> DecodeTimes { get; } = [];

    public void OnText(string delta)
    {
    }

    public void OnMediaStarted(int partId, SignalModality modality) => _started[partId] = _clock.Elapsed;

    public void OnImagePreview(int partId, RgbImage preview, int step, int totalSteps) => ImagePreviews++;

    public void OnImage(int partId, RgbImage image) => Image = image;

    public void OnAudio(int partId, float[] samples, int sampleRate) => (Audio, AudioSampleRate) = (samples, sampleRate);

    public void OnVideoFrame(int partId, RgbImage frame, int index, int frameCount)
    {
        if (!_frames.TryGetValue(partId, out var frames))
        {
            _frames[partId] = frames = [];
        }

        frames.Add(frame);
    }

    public void OnMediaCompleted(int partId, SignalModality modality)
    {
        DecodeTimes[modality] = _clock.Elapsed - _started[partId];
        if (modality == SignalModality.Video)
        {
            VideoFrames = _frames[partId];
        }
    }
}
