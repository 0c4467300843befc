using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Tests.Harness;

namespace NextGpt.Realtime.Client.Tests;

public sealed class ResamplerTests
{
    [Fact]
    public void EspeakSpeech_At22050_MatchesSoxAt16k()
    {
        var speech = SpeechFixtures.Speak("The quick brown fox jumps over the lazy dog");
        var reference = SpeechFixtures.SoxResample(speech, 16000).Samples;

        var ours = Resampler.Resample(speech.Samples, speech.SampleRate, 16000);

        Assert.Equal(Math.Round(speech.Samples.Length * 16000.0 / 22050), ours.Length);
        Assert.InRange(Math.Abs(ours.Length - reference.Length), 0, 1);
        var snr = SignalToNoiseDb(reference, ours);
        Assert.True(snr > 30, $"SNR against sox was {snr:F1} dB");
    }

    [Fact]
    public void Tone_KeepsFrequencyAndLevel_FromStereo44100()
    {
        const int Rate = 44100;
        var stereo = new float[Rate * 2];
        for (var i = 0; i < Rate; i++)
        {
            stereo[2 * i] = stereo[(2 * i) + 1] = 0.5f * (float)Math.Sin(2 * Math.PI * 1000 * i / Rate);
        }

        var mono = AudioConvert.DownmixToMono(stereo, 2);
        var output = Resampler.Resample(mono, Rate, 16000);

        var middle = output.AsSpan(2000, 12000);
        var expected = 0.5f * 0.5f / 2; // mean square of a 0.5 sine
        var meanSquare = 0.0;
        var crossings = 0;
        for (var i = 1; i < middle.Length; i++)
        {
            meanSquare += middle[i] * middle[i];
            crossings += middle[i - 1] < 0 && middle[i] >= 0 ? 1 : 0;
        }

        Assert.InRange(meanSquare / (middle.Length - 1), expected * 0.99, expected * 1.01);
        Assert.InRange(crossings, 749, 751); // 1 kHz over 0.75 s
    }

    [Fact]
    public void ToneAboveTheNewNyquist_IsRemoved_NotAliased()
    {
        const int Rate = 48000;
        var input = Enumerable.Range(0, Rate).Select(i => 0.5f * (float)Math.Sin(2 * Math.PI * 10000 * i / Rate)).ToArray();

        var output = Resampler.Resample(input, Rate, 16000);

        var level = VoiceActivityDetector.LevelDb(output.AsSpan(1000, 14000));
        Assert.True(level < -70, $"a 10 kHz tone leaked at {level:F1} dBFS (it would alias to 6 kHz)");
    }

    [Fact]
    public void Chunks_OfAnySize_GiveTheSameOutputAsOneCall()
    {
        var random = new Random(5);
        var input = Enumerable.Range(0, 30000).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var whole = Resampler.Resample(input, 44100, 16000);

        var resampler = new Resampler(44100, 16000);
        var pieces = new List<float>();
        for (var offset = 0; offset < input.Length;)
        {
            var size = Math.Min(random.Next(1, 2000), input.Length - offset);
            pieces.AddRange(resampler.Process(input.AsSpan(offset, size)));
            offset += size;
        }

        pieces.AddRange(resampler.Flush());
        Assert.Equal(whole, pieces.ToArray());
    }

    [Fact]
    public void Upsampling_8k_To16k_PreservesATone()
    {
        var input = Enumerable.Range(0, 8000).Select(i => 0.5f * (float)Math.Sin(2 * Math.PI * 500 * i / 8000)).ToArray();
        var output = Resampler.Resample(input, 8000, 16000);
        var exact = Enumerable.Range(0, 16000).Select(i => 0.5f * (float)Math.Sin(2 * Math.PI * 500 * i / 16000)).ToArray();

        Assert.True(SignalToNoiseDb(exact.AsSpan(1000, 14000).ToArray(), output.AsSpan(1000, 14000).ToArray()) > 60);
    }

    private static double SignalToNoiseDb(float[] reference, float[] actual)
    {
        var n = Math.Min(reference.Length, actual.Length);
        double signal = 0, noise = 0;
        for (var i = 0; i < n; i++)
        {
            signal += reference[i] * reference[i];
            noise += (reference[i] - actual[i]) * (reference[i] - actual[i]);
        }

        return 10 * Math.Log10(signal / noise);
    }
}
