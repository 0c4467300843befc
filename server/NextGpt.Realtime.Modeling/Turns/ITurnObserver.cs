using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// Receives a turn's output as it is produced, in order, on the thread that runs the turn (the inference thread): keep
/// each call short (copy into a queue).
/// </summary>
public interface ITurnObserver
{
    void OnText(string delta);

    void OnMediaStarted(int partId, SignalModality modality);

    void OnImagePreview(int partId, RgbImage preview, int step, int totalSteps);

    void OnImage(int partId, RgbImage image);

    void OnAudio(int partId, float[] samples, int sampleRate);

    /// <summary>One decoded frame of a video, in order (<paramref name="index"/> of <paramref name="frameCount"/>).</summary>
    void OnVideoFrame(int partId, RgbImage frame, int index, int frameCount);

    void OnMediaCompleted(int partId, SignalModality modality);
}
