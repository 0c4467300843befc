using NextGpt.Realtime.Training.Pretraining.Audio;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

public sealed class AudioLdmMelSpectrogramTests
{
    [Fact]
    public void A_two_second_sound_is_the_200_frames_the_audio_pipeline_decodes_and_a_tone_lands_in_its_own_bin()
    {
        using var mel = new AudioLdmMelSpectrogram();
        using var time = arange(32000, dtype: ScalarType.Float32) / 16000f;
        using var tone = (sin(time * (2 * Math.PI * 440)) * 0.5f).unsqueeze(0);             // (1, 32000)
        using var spectrum = mel.Compute(tone);

        Assert.Equal([1, 200, 64], spectrum.shape);
        Assert.Equal(200, AudioLdmMelSpectrogram.Frames(32000));
        // 0-8000 Hz is 45.25 Slaney mels (15 linear below 1 kHz at 200/3 Hz each, then ln(8) / (ln(6.4) / 27) more), cut
        // into 65 steps: below 1 kHz the centre of 0-based bin k is (k + 1) x 46.4 Hz, so 440 Hz peaks in bin 8 (417.7 Hz);
        // silence floors at log(1e-5).
        var frame = spectrum[0, 100];
        Assert.Equal(8, frame.argmax().item<long>());
        using var silence = mel.Compute(zeros(1, 4000));
        Assert.True(silence.allclose(full_like(silence, Math.Log(1e-5)), atol: 1e-3));
    }

    [Fact]
    public void The_filterbank_is_librosas_slaney_triangles()
    {
        var bank = AudioLdmMelSpectrogram.SlaneyFilterbank(16000, 1024, 64, 0, 8000);
        Assert.Equal(64 * 513, bank.Length);
        // Each row is a triangle of height 2 / (right - left), so of area 1: sampled every 15.625 Hz its sum is about
        // 1 / 15.625 = 0.064 wherever the triangle spans many bins.
        for (var m = 20; m < 64; m++)
        {
            var sum = bank.AsSpan(m * 513, 513).ToArray().Sum();
            Assert.InRange(sum, 0.06, 0.068);
        }
    }
}
