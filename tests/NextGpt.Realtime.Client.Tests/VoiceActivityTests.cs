using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Tests.Harness;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>VAD and voice capture on espeak-ng speech mixed into quiet noise with known silences.</summary>
public sealed class VoiceActivityTests
{
    private const int Rate = 16000;

    [Fact]
    public void TwoSentencesWithALongPause_AreTwoUtterances_AtTheRightPlaces()
    {
        var (signal, truth) = Scene(Rate, ("Open the gate", 1.0), ("The dragon is coming", 1.2));
        var vad = new VoiceActivityDetector();

        var events = vad.Process(signal);

        Assert.Equal([true, false, true, false], events.Select(e => e.IsStart).ToArray());
        for (var i = 0; i < 2; i++)
        {
            var (start, end) = truth[i];
            // Start: pre-roll (200 ms) before the first loud frame, and never after the speech began.
            Assert.InRange(events[2 * i].Sample, start - (int)(0.35 * Rate), start);
            // End: the last loud frame, within 150 ms of the last audible sample.
            Assert.InRange(events[(2 * i) + 1].Sample, end - (int)(0.15 * Rate), end + (int)(0.05 * Rate));
            // Detected after the hangover, not before.
            Assert.True(events[(2 * i) + 1].DetectedAt - events[(2 * i) + 1].Sample >= (int)(0.5 * Rate));
        }
    }

    [Fact]
    public void APauseShorterThanTheHangover_KeepsOneUtterance()
    {
        var (signal, _) = Scene(Rate, ("Open the gate", 0.25), ("now", 1.0));

        var events = new VoiceActivityDetector().Process(signal);

        Assert.Equal([true, false], events.Select(e => e.IsStart).ToArray());
    }

    [Fact]
    public void SteadyNoise_IsLearned_NotTakenForSpeech()
    {
        var random = new Random(3);
        var hum = Enumerable.Range(0, Rate * 4).Select(i => (0.05f * (float)Math.Sin(2 * Math.PI * 100 * i / Rate)) + (0.01f * (float)(random.NextDouble() - 0.5))).ToArray();
        var vad = new VoiceActivityDetector();

        var events = vad.Process(hum);

        Assert.Empty(events);
        Assert.InRange(vad.NoiseFloorDb, -35, -25);
    }

    [Fact]
    public void VoiceCapture_From48kStereoInt16_StreamsOneUtteranceOf16kPcm()
    {
        var (mono, truth) = Scene(48000, ("Where is the blacksmith", 1.0));
        var stereo = new short[mono.Length * 2];
        for (var i = 0; i < mono.Length; i++)
        {
            stereo[2 * i] = stereo[(2 * i) + 1] = AudioConvert.ToInt16(mono[i]);
        }

        var capture = new VoiceCapture();
        var ended = new List<Utterance>();
        capture.UtteranceEnded += ended.Add;
        for (var offset = 0; offset < stereo.Length; offset += 960)
        {
            capture.Push(stereo.AsSpan(offset, Math.Min(960, stereo.Length - offset)), channels: 2, sampleRate: 48000);
        }

        capture.Flush();

        var utterance = Assert.Single(ended);
        var speechSeconds = (truth[0].End - truth[0].Start) / 48000.0;
        // Speech + up to 350 ms before + the 500 ms hangover after.
        Assert.InRange(utterance.Seconds, speechSeconds + 0.5, speechSeconds + 0.5 + 0.35 + 0.1);
        Assert.InRange(utterance.StartSample / 16000.0, (truth[0].Start / 48000.0) - 0.35, truth[0].Start / 48000.0);
        Assert.True(utterance.Upload.IsCompleted);
    }

    [Fact]
    public void PushToTalk_CapturesExactlyTheHeldStretch()
    {
        var capture = new VoiceCapture(mode: VoiceMode.PushToTalk);
        Utterance? done = null;
        capture.UtteranceEnded += u => done = u;
        var silence = new float[1600];

        capture.Push(silence, 1, Rate);
        capture.BeginTalking();
        for (var i = 0; i < 5; i++)
        {
            capture.Push(silence, 1, Rate);
        }

        capture.EndTalking();
        capture.Push(silence, 1, Rate);

        Assert.NotNull(done);
        Assert.Equal(8000 * 2, done!.Upload.BytesWritten);
        Assert.Equal(1600, done.StartSample);
    }

    /// <summary>Sentences separated by the given silences, over -60 dBFS noise, at <paramref name="rate"/>; truth in samples.</summary>
    private static (float[] Signal, List<(int Start, int End)> Truth) Scene(int rate, params (string Text, double SilenceAfter)[] parts)
    {
        var random = new Random(11);
        var signal = new List<float>();
        var truth = new List<(int, int)>();
        void Silence(double seconds) => signal.AddRange(Enumerable.Range(0, (int)(seconds * rate)).Select(_ => 0.0017f * (float)((random.NextDouble() * 2) - 1)));

        Silence(1.0);
        foreach (var (text, after) in parts)
        {
            var wav = SpeechFixtures.Speak(text);
            var speech = Resampler.Resample(wav.Samples, wav.SampleRate, rate);
            var first = Array.FindIndex(speech, s => Math.Abs(s) > 0.01f);
            var last = Array.FindLastIndex(speech, s => Math.Abs(s) > 0.01f);
            // espeak-ng pads its output with silence: keep the audible part only, so the pauses are exactly as given.
            speech = speech[first..(last + 1)];
            truth.Add((signal.Count, signal.Count + speech.Length - 1));
            signal.AddRange(speech.Select(s => s + (0.0017f * (float)((random.NextDouble() * 2) - 1))));
            Silence(after);
        }

        return (signal.ToArray(), truth);
    }
}
