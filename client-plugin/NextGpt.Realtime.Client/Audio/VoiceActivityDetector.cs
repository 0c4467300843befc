using System;
using System.Collections.Generic;

namespace NextGpt.Realtime.Client.Audio;

/// <summary>A speech boundary found by <see cref="VoiceActivityDetector"/>, in samples from the stream's start.</summary>
public readonly struct VoiceActivityEvent
{
    public VoiceActivityEvent(bool isStart, long sample, long detectedAt)
    {
        IsStart = isStart;
        Sample = sample;
        DetectedAt = detectedAt;
    }

    /// <summary>True for speech start, false for speech end.</summary>
    public bool IsStart { get; }

    /// <summary>Start: first sample of speech (pre-roll included). End: the sample after the last loud frame.</summary>
    public long Sample { get; }

    /// <summary>The end of the frame that decided it (start: after the attack frames; end: after the hangover).</summary>
    public long DetectedAt { get; }

    public override string ToString() => $"{(IsStart ? "start" : "end")}@{Sample}";
}

/// <summary>
/// Energy-based voice-activity detector: frame RMS in dBFS against an adaptive noise floor, with attack (several loud
/// frames to start), hysteresis (a lower level to continue) and hangover (a pause must last before speech ends). The noise
/// floor is the quietest frame of the last <see cref="VoiceActivityOptions.NoiseWindowMilliseconds"/> (minimum statistics,
/// R. Martin, IEEE TSAP 2001, in its simplest form): the gaps between words reach down to it while someone speaks, and a
/// steady fan or hum becomes the floor itself instead of being taken for speech.
/// </summary>
public sealed class VoiceActivityDetector
{
    private readonly VoiceActivityOptions _options;
    private readonly float[] _frame;
    private int _filled;
    private long _framesSeen;
    private readonly double[] _recentLevels;
    private long _levelCount;
    private double _noiseFloorDb = double.NaN;
    private int _loudRun;
    private int _quietRun;
    private long _lastLoudFrameEnd;

    public VoiceActivityDetector(VoiceActivityOptions? options = null)
    {
        _options = options ?? new VoiceActivityOptions();
        if (_options.FrameSamples < 16)
        {
            throw new ArgumentException("A VAD frame must hold at least 16 samples.", nameof(options));
        }

        _frame = new float[_options.FrameSamples];
        _recentLevels = new double[Math.Max(1, _options.NoiseWindowMilliseconds / _options.FrameMilliseconds)];
    }

    public bool IsSpeaking { get; private set; }

    /// <summary>The learned noise floor in dBFS (NaN before the first frame).</summary>
    public double NoiseFloorDb => _noiseFloorDb;

    /// <summary>Feeds mono samples at the configured rate; returns the boundaries found in them.</summary>
    public IReadOnlyList<VoiceActivityEvent> Process(ReadOnlySpan<float> samples)
    {
        List<VoiceActivityEvent>? events = null;
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _frame.Length - _filled);
            samples.Slice(0, take).CopyTo(_frame.AsSpan(_filled));
            _filled += take;
            samples = samples.Slice(take);
            if (_filled == _frame.Length)
            {
                _filled = 0;
                if (AnalyseFrame() is { } found)
                {
                    (events ??= []).Add(found);
                }
            }
        }

        return events ?? (IReadOnlyList<VoiceActivityEvent>)Array.Empty<VoiceActivityEvent>();
    }

    /// <summary>RMS level of samples in dBFS (full-scale sine = -3 dB); -100 for silence.</summary>
    public static double LevelDb(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return samples.IsEmpty || sum <= 0 ? -100 : Math.Max(-100, 10 * Math.Log10(sum / samples.Length));
    }

    private void TrackFloor(double level)
    {
        _recentLevels[_levelCount++ % _recentLevels.Length] = level;
        var count = (int)Math.Min(_levelCount, _recentLevels.Length);
        var floor = double.MaxValue;
        for (var i = 0; i < count; i++)
        {
            floor = Math.Min(floor, _recentLevels[i]);
        }

        _noiseFloorDb = floor;
    }

    private VoiceActivityEvent? AnalyseFrame()
    {
        var level = LevelDb(_frame);
        var frameIndex = _framesSeen++;
        var frameEnd = (frameIndex + 1) * _frame.Length;
        if (double.IsNaN(_noiseFloorDb))
        {
            _noiseFloorDb = level;
        }

        var startThreshold = Math.Max(_options.MinimumSpeechDbfs, _noiseFloorDb + _options.StartMarginDb);
        var continueThreshold = Math.Max(_options.MinimumSpeechDbfs - 6, _noiseFloorDb + _options.ContinueMarginDb);
        TrackFloor(level);

        if (!IsSpeaking)
        {
            _loudRun = level > startThreshold ? _loudRun + 1 : 0;
            if (_loudRun >= _options.AttackFrames)
            {
                IsSpeaking = true;
                _quietRun = 0;
                _lastLoudFrameEnd = frameEnd;
                var preRoll = (long)_options.PreRollMilliseconds * _options.SampleRate / 1000;
                var start = Math.Max(0, frameEnd - ((long)_options.AttackFrames * _frame.Length) - preRoll);
                return new VoiceActivityEvent(true, start, frameEnd);
            }

            return null;
        }

        if (level > continueThreshold)
        {
            _quietRun = 0;
            _lastLoudFrameEnd = frameEnd;
            return null;
        }

        _quietRun++;
        if (_quietRun * _options.FrameMilliseconds >= _options.HangoverMilliseconds)
        {
            IsSpeaking = false;
            _loudRun = 0;
            return new VoiceActivityEvent(false, _lastLoudFrameEnd, frameEnd);
        }

        return null;
    }
}
