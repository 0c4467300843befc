namespace NextGpt.Realtime.Client.Audio;

/// <summary>Tuning of <see cref="VoiceActivityDetector"/>; the defaults suit a headset or a quiet room at 16 kHz.</summary>
public sealed class VoiceActivityOptions
{
    public int SampleRate { get; set; } = 16000;

    /// <summary>Analysis frame length.</summary>
    public int FrameMilliseconds { get; set; } = 20;

    /// <summary>A frame is speech when it is this far above the noise floor (dB)...</summary>
    public double StartMarginDb { get; set; } = 12;

    /// <summary>...and speech goes on while frames stay this far above it (hysteresis).</summary>
    public double ContinueMarginDb { get; set; } = 6;

    /// <summary>Frames quieter than this (dBFS) are never speech, however quiet the room.</summary>
    public double MinimumSpeechDbfs { get; set; } = -50;

    /// <summary>Consecutive loud frames needed to start (rejects clicks).</summary>
    public int AttackFrames { get; set; } = 3;

    /// <summary>Silence that ends an utterance; shorter pauses between words keep it going.</summary>
    public int HangoverMilliseconds { get; set; } = 500;

    /// <summary>Audio kept from before the detected start, so the first syllable is not clipped.</summary>
    public int PreRollMilliseconds { get; set; } = 200;

    /// <summary>The noise floor is the quietest frame in this window (longer than any syllable).</summary>
    public int NoiseWindowMilliseconds { get; set; } = 2000;

    internal int FrameSamples => SampleRate * FrameMilliseconds / 1000;
}
