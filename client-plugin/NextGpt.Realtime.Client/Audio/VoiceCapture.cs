using System;
using System.Collections.Generic;
using NextGpt.Realtime.Client.Agents;

namespace NextGpt.Realtime.Client.Audio;

public enum VoiceMode
{
    /// <summary>Utterances start and end by themselves (<see cref="VoiceActivityDetector"/>).</summary>
    VoiceActivation,

    /// <summary>Utterances last from <see cref="VoiceCapture.BeginTalking"/> to <see cref="VoiceCapture.EndTalking"/>.</summary>
    PushToTalk,
}

/// <summary>One stretch of the player's speech, streamed as 16 kHz mono PCM16 while it goes on.</summary>
public sealed class Utterance
{
    internal Utterance(LiveUpload upload, long startSample)
    {
        Upload = upload;
        StartSample = startSample;
    }

    /// <summary>The PCM16 bytes, chunked as they are captured (hand it to <see cref="NpcAgent.BeginUpload"/>).</summary>
    public LiveUpload Upload { get; }

    /// <summary>First sample in the 16 kHz stream.</summary>
    public long StartSample { get; }

    /// <summary>End of the speech (before the hangover); -1 while it goes on.</summary>
    public long EndSample { get; internal set; } = -1;

    /// <summary>True when the utterance hit the length limit and was cut.</summary>
    public bool ReachedLimit { get; internal set; }

    public double Seconds => Upload.BytesWritten / 2.0 / VoiceCapture.SampleRate;
}

/// <summary>
/// Microphone pipeline without an engine: PCM from any source (float or int16, any rate, any channel count) is mixed to
/// mono, resampled to 16 kHz, cut into utterances by voice activity or push-to-talk, and written to a
/// <see cref="LiveUpload"/> while the player speaks, so the server has the audio the moment the player stops.
/// </summary>
public sealed class VoiceCapture
{
    public const int SampleRate = 16000;

    private readonly VoiceActivityDetector _vad;
    private readonly int _historySamples;
    private readonly List<float> _history = [];
    private long _historyStart;
    private long _position;
    private Resampler? _resampler;
    private Utterance? _current;
    private long _cursor;

    public VoiceCapture(VoiceActivityOptions? vadOptions = null, VoiceMode mode = VoiceMode.VoiceActivation)
    {
        var options = vadOptions ?? new VoiceActivityOptions();
        if (options.SampleRate != SampleRate)
        {
            throw new ArgumentException($"The detector runs on the resampled {SampleRate} Hz stream; set SampleRate = {SampleRate}.", nameof(vadOptions));
        }

        _vad = new VoiceActivityDetector(options);
        _historySamples = (options.PreRollMilliseconds * SampleRate / 1000) + ((options.AttackFrames + 2) * options.FrameSamples);
        Mode = mode;
    }

    public VoiceMode Mode { get; set; }

    /// <summary>Longest utterance; longer speech is cut (and <see cref="Utterance.ReachedLimit"/> set).</summary>
    public double MaxUtteranceSeconds { get; set; } = 30;

    public int ChunkBytes { get; set; } = 16 * 1024;

    public bool IsCapturing => _current is not null;

    /// <summary>Samples of the 16 kHz stream so far.</summary>
    public long Position => _position;

    public event Action<Utterance>? UtteranceStarted;

    public event Action<Utterance>? UtteranceEnded;

    public void Push(ReadOnlySpan<float> interleaved, int channels, int sampleRate) =>
        PushMono(channels == 1 ? interleaved : AudioConvert.DownmixToMono(interleaved, channels), sampleRate);

    public void Push(ReadOnlySpan<short> interleaved, int channels, int sampleRate) =>
        PushMono(AudioConvert.DownmixToMono(interleaved, channels), sampleRate);

    /// <summary>Push-to-talk: starts an utterance now.</summary>
    public void BeginTalking()
    {
        if (_current is null)
        {
            Open(_position);
        }
    }

    /// <summary>Push-to-talk: ends the utterance now.</summary>
    public void EndTalking()
    {
        if (_current is not null)
        {
            Close(_position, _position);
        }
    }

    /// <summary>The source ended: resamples what is left and closes an open utterance.</summary>
    public void Flush()
    {
        if (_resampler is not null)
        {
            Consume(_resampler.Flush());
        }

        if (_current is not null)
        {
            Close(_position, _position);
        }
    }

    private void PushMono(ReadOnlySpan<float> mono, int sampleRate)
    {
        if (sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate));
        }

        if (sampleRate == SampleRate && _resampler is null)
        {
            Consume(mono);
            return;
        }

        if (_resampler is null || _resampler.InputRate != sampleRate)
        {
            // A device change mid-stream: the old resampler's tail is kept, the new one starts fresh.
            if (_resampler is not null)
            {
                Consume(_resampler.Flush());
            }

            _resampler = new Resampler(sampleRate, SampleRate);
        }

        Consume(_resampler.Process(mono));
    }

    private void Consume(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        foreach (var s in samples)
        {
            _history.Add(s);
        }

        _position += samples.Length;
        var events = _vad.Process(samples);
        if (Mode == VoiceMode.VoiceActivation)
        {
            foreach (var e in events)
            {
                if (e.IsStart && _current is null)
                {
                    Open(Math.Max(e.Sample, _historyStart));
                }
                else if (!e.IsStart && _current is not null)
                {
                    Close(e.DetectedAt, e.Sample);
                }
            }
        }

        if (_current is not null)
        {
            WriteUpTo(_position);
        }

        // Keep just enough history for the next pre-roll.
        var keepFrom = _position - _historySamples;
        if (_current is not null)
        {
            keepFrom = Math.Min(keepFrom, _cursor);
        }

        var excess = (int)(keepFrom - _historyStart);
        if (excess > 0)
        {
            _history.RemoveRange(0, excess);
            _historyStart += excess;
        }
    }

    private void Open(long start)
    {
        var maxBytes = (long)(MaxUtteranceSeconds * SampleRate) * 2;
        _current = new Utterance(new LiveUpload(maxBytes, ChunkBytes), start);
        _cursor = start;
        UtteranceStarted?.Invoke(_current);
    }

    private void Close(long writeUntil, long speechEnd)
    {
        WriteUpTo(writeUntil);
        var utterance = _current!;
        _current = null;
        utterance.EndSample = speechEnd;
        utterance.Upload.Complete();
        UtteranceEnded?.Invoke(utterance);
    }

    private void WriteUpTo(long end)
    {
        var utterance = _current!;
        if (end <= _cursor)
        {
            return;
        }

        var from = (int)(_cursor - _historyStart);
        var count = (int)(end - _cursor);
        var pcm = new float[count];
        _history.CopyTo(from, pcm, 0, count);
        _cursor = end;
        if (!utterance.Upload.Write(AudioConvert.FloatToPcm16(pcm)))
        {
            utterance.ReachedLimit = true;
            Close(end, end);
        }
    }
}
