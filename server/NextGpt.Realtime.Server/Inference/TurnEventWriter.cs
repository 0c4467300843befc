using System.Threading.Channels;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// Turns the engine's callbacks into the wire's turn events (docs/wire-protocol.md): numbered in order, images as PNG,
/// audio as 16-bit PCM chunks. Runs on the inference thread and never waits for the client: the turn's channel is
/// bounded; when it is full a preview is dropped (a later one supersedes it), and any other event fails the turn as too
/// slow rather than stalling every other session behind it.
/// </summary>
public sealed class TurnEventWriter(string turnId, ChannelWriter<TurnEvent> events) : ITurnObserver
{
    private const int AudioChunkSamples = 16000 / 5;
    private long _sequence;

    public void Write(TurnEvent turnEvent)
    {
        turnEvent.TurnId = turnId;
        turnEvent.Sequence = _sequence;
        if (!events.TryWrite(turnEvent))
        {
            throw new ClientTooSlowException();
        }

        _sequence++;
    }

    public void OnText(string delta) => Write(new TextDelta { PartId = 0, Text = delta });

    public void OnMediaStarted(int partId, SignalModality modality) =>
        Write(new MediaStarted { PartId = partId, Modality = ToWire(modality) });

    public void OnImagePreview(int partId, RgbImage preview, int step, int totalSteps)
    {
        var message = new ImagePreview { TurnId = turnId, PartId = partId, Sequence = _sequence, Step = step, TotalSteps = totalSteps, Png = ImageEncoder.EncodePng(preview) };
        if (events.TryWrite(message))
        {
            _sequence++;
        }
    }

    public void OnImage(int partId, RgbImage image) => Write(new ImageCompleted { PartId = partId, Png = ImageEncoder.EncodePng(image) });

    public void OnAudio(int partId, float[] samples, int sampleRate)
    {
        for (var start = 0; start < samples.Length; start += AudioChunkSamples)
        {
            var count = Math.Min(AudioChunkSamples, samples.Length - start);
            var pcm = new byte[count * 2];
            for (var i = 0; i < count; i++)
            {
                var value = (short)Math.Round(Math.Clamp(samples[start + i], -1f, 1f) * short.MaxValue);
                pcm[2 * i] = (byte)value;
                pcm[(2 * i) + 1] = (byte)(value >> 8);
            }

            Write(new AudioChunk { PartId = partId, SampleRate = sampleRate, FirstSample = start, Pcm16 = pcm });
        }
    }

    public void OnMediaCompleted(int partId, SignalModality modality) =>
        Write(new MediaCompleted { PartId = partId, Modality = ToWire(modality) });

    public static Modality ToWire(SignalModality modality) => modality switch
    {
        SignalModality.Image => Modality.Image,
        SignalModality.Audio => Modality.Audio,
        SignalModality.Video => Modality.Video,
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown medium."),
    };

    public static SignalModality? FromWire(Modality modality) => modality switch
    {
        Modality.Image => SignalModality.Image,
        Modality.Audio => SignalModality.Audio,
        Modality.Video => SignalModality.Video,
        _ => null,
    };
}

/// <summary>A turn's client stopped reading and its event buffer filled up.</summary>
public sealed class ClientTooSlowException() : Exception("The client did not read the turn's events fast enough.");
