using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// The log-mel spectrogram AudioLDM's VAE and vocoder are trained on (AudioLDM <c>audioldm/audio/stft.py</c>,
/// <c>TacotronSTFT.mel_spectrogram</c> with its 16 kHz settings): reflect-pad (n_fft - hop) / 2 on both sides, STFT without
/// centring (n_fft 1024, hop 160, Hann window of 1024), magnitude, librosa's Slaney mel filterbank (64 bins, 0-8000 Hz,
/// Slaney area normalisation), natural log of the magnitude clamped at 1e-5. A 2 s sound is 200 frames, exactly the
/// <c>audio_length / vocoder_upsample_factor</c> height AudioDiffusionPipeline decodes.
/// </summary>
public sealed class AudioLdmMelSpectrogram : IDisposable
{
    public const int SamplingRate = 16000;
    public const int FftSize = 1024;
    public const int HopLength = 160;
    public const int MelBins = 64;
    public const double MaxFrequency = 8000;
    public const double MinLogValue = 1e-5;

    private readonly Tensor _window;
    private readonly Tensor _filterbank;

    public AudioLdmMelSpectrogram()
    {
        _window = hann_window(FftSize);
        _filterbank = tensor(SlaneyFilterbank(SamplingRate, FftSize, MelBins, 0, MaxFrequency), [MelBins, FftSize / 2 + 1]);
    }

    /// <summary>The mel value of silence: log(1e-5).</summary>
    public static double SilenceLogMel => Math.Log(MinLogValue);

    /// <summary>Frames of a waveform of <paramref name="samples"/> samples: (samples + n_fft - hop - n_fft) / hop + 1.</summary>
    public static int Frames(int samples) => ((samples - HopLength) / HopLength) + 1;

    /// <param name="waveform">(B, samples) at 16 kHz, in [-1, 1]; differentiable (the vocoder's loss reads it).</param>
    /// <returns>(B, frames, 64) natural-log mel magnitudes.</returns>
    public Tensor Compute(Tensor waveform)
    {
        if (waveform.dim() != 2 || waveform.shape[1] < FftSize)
        {
            throw new ArgumentException($"waveform must be (batch, samples >= {FftSize}); got [{string.Join(", ", waveform.shape)}].",
                nameof(waveform));
        }

        using var scope = NewDisposeScope();
        var pad = (FftSize - HopLength) / 2;
        var padded = nn.functional.pad(waveform.unsqueeze(1), [pad, pad], PaddingModes.Reflect).squeeze(1);   // (B, S + 864)
        var magnitude = StftMagnitude(padded, FftSize, HopLength, _window.to(waveform.device));             // (B, 513, T)
        var mel = matmul(_filterbank.to(waveform.device), magnitude);                                        // (B, 64, T)
        return log(clamp(mel, min: MinLogValue)).transpose(1, 2).MoveToOuterDisposeScope();                  // (B, T, 64)
    }

    /// <summary>|STFT| without centring, as sqrt(re^2 + im^2 + 1e-9) so that its gradient stays finite at silence.</summary>
    /// <returns>(B, n_fft / 2 + 1, frames).</returns>
    public static Tensor StftMagnitude(Tensor waveform, int fftSize, int hop, Tensor window)
    {
        using var scope = NewDisposeScope();
        var spectrum = stft(waveform, fftSize, hop, fftSize, window, center: false, return_complex: true);
        var parts = view_as_real(spectrum);                                                                   // (B, F, T, 2)
        return (parts.pow(2).sum(-1) + 1e-9).sqrt().MoveToOuterDisposeScope();
    }

    /// <summary>librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm="slaney"), row-major (n_mels, 1 + n_fft / 2).</summary>
    public static float[] SlaneyFilterbank(int samplingRate, int fftSize, int melBins, double minFrequency, double maxFrequency)
    {
        var bins = (fftSize / 2) + 1;
        var fftFrequencies = Enumerable.Range(0, bins).Select(i => i * (samplingRate / 2.0) / (bins - 1)).ToArray();
        var (low, high) = (HzToMel(minFrequency), HzToMel(maxFrequency));
        var melFrequencies = Enumerable.Range(0, melBins + 2).Select(i => MelToHz(low + ((high - low) * i / (melBins + 1)))).ToArray();
        var weights = new float[melBins * bins];
        for (var m = 0; m < melBins; m++)
        {
            var (left, center, right) = (melFrequencies[m], melFrequencies[m + 1], melFrequencies[m + 2]);
            var norm = 2.0 / (right - left);
            for (var k = 0; k < bins; k++)
            {
                var lower = (fftFrequencies[k] - left) / (center - left);
                var upper = (right - fftFrequencies[k]) / (right - center);
                weights[(m * bins) + k] = (float)(Math.Max(0, Math.Min(lower, upper)) * norm);
            }
        }

        return weights;
    }

    // Slaney's auditory-toolbox mel scale (librosa htk=False): linear below 1 kHz (200/3 Hz per mel), logarithmic above.
    private const double LinearHzPerMel = 200.0 / 3;
    private const double LogRegionStartHz = 1000;
    private static readonly double LogStep = Math.Log(6.4) / 27;

    private static double HzToMel(double hz) => hz < LogRegionStartHz
        ? hz / LinearHzPerMel
        : (LogRegionStartHz / LinearHzPerMel) + (Math.Log(hz / LogRegionStartHz) / LogStep);

    private static double MelToHz(double mel) => mel < LogRegionStartHz / LinearHzPerMel
        ? mel * LinearHzPerMel
        : LogRegionStartHz * Math.Exp(LogStep * (mel - (LogRegionStartHz / LinearHzPerMel)));

    public void Dispose()
    {
        _window.Dispose();
        _filterbank.Dispose();
    }
}
