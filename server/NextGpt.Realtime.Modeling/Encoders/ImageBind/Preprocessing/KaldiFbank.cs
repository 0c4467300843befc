using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;

/// <summary>
/// <c>torchaudio.compliance.kaldi.fbank</c> (0.13) with the arguments ImageBind's <c>waveform2melspec</c> passes:
/// htk_compat=True, use_energy=False, window_type="hanning", dither=0, frame_length=25 ms, frame_shift=10 ms, and the
/// defaults preemphasis 0.97, remove_dc_offset, round_to_power_of_two (n_fft 512 at 16 kHz), low_freq 20, high_freq =
/// Nyquist, snip_edges, log of the power mel energies floored at float32 epsilon. With use_energy off, htk_compat
/// changes nothing. The same tensor operations in the same order as torchaudio, with the mel filters built in float32 as
/// there, and the frames, FFT and energies in float64 (see the note in <see cref="Compute"/>); the result is float32.
/// </summary>
public static class KaldiFbank
{
    public const int DefaultMelBins = 128;

    /// <summary>(samples) float32 -> (frames, melBins) log mel energies, frames = 1 + (samples - 400) / 160 at 16 kHz.</summary>
    public static Tensor Compute(Tensor waveform, int sampleRate = 16000, int melBins = DefaultMelBins)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (waveform.dim() != 1)
        {
            throw new ArgumentException($"fbank takes one channel of samples (1-D); got shape [{string.Join(", ", waveform.shape)}].", nameof(waveform));
        }

        // int(sample_frequency * frame_shift * MILLISECONDS_TO_SECONDS), in double as Python computes it.
        var windowShift = (int)(sampleRate * 10.0 * 0.001);
        var windowSize = (int)(sampleRate * 25.0 * 0.001);
        var paddedWindowSize = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)windowSize);
        if (waveform.shape[0] < windowSize)
        {
            throw new ArgumentException(
                $"fbank needs at least one {windowSize}-sample frame (25 ms at {sampleRate} Hz); the waveform has {waveform.shape[0]} samples.", nameof(waveform));
        }

        using var scope = NewDisposeScope();
        // Float64 inside: torchaudio's own float32 result sits up to ~1e-3 (relative, in log energy) from the exact value in
        // mel bins near float32's cancellation floor (energies ~1e-7, e.g. above a chirp's band), and a different FFT in
        // float32 lands elsewhere in that noise. Computing exactly keeps us within the reference's own float32 error.
        var x = waveform.to_type(ScalarType.Float64);
        var frames = x.unfold(0, windowSize, windowShift);                                       // (m, 400), snip_edges
        frames = frames.sub(frames.mean([1], keepdim: true));                                     // remove_dc_offset
        var previous = cat([frames[.., ..1], frames[.., ..^1]], 1);                               // x[:, max(0, j - 1)]
        // Explicit, disposed Scalars: an implicit double -> Scalar temporary can be finalised while libtorch still reads it
        // ("Unknown scalar type" from pow, seen twice in stage 1, which runs this for thousands of clips).
        using var preemphasis = 0.97.ToScalar();
        frames = frames.sub(previous.mul(preemphasis));                                           // preemphasis
        frames = frames.mul(hann_window(windowSize, periodic: false, dtype: ScalarType.Float32).to_type(ScalarType.Float64).unsqueeze(0));
        frames = nn.functional.pad(frames, [0, paddedWindowSize - windowSize]);                   // (m, 512)
        var magnitude = fft.rfft(frames).abs();                                                   // (m, 257)
        var spectrum = magnitude.mul(magnitude);                                                  // power, as pow(2) computes it
        var banks = nn.functional.pad(CachedMelBanks(melBins, paddedWindowSize, sampleRate), [0, 1]).to_type(ScalarType.Float64);  // (bins, 257)
        var energies = mm(spectrum, banks.T);                                                     // (m, bins)
        var epsilon = tensor(1.1920929E-07, dtype: ScalarType.Float64);                           // torch.finfo(float32).eps
        return maximum(energies, epsilon).log().to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int, int), float[]> MelBankCache = new();

    // The filters depend only on the sizes, and every clip of every upload needs them: built once per size, as values
    // (tensors are not shared across the threads and dispose scopes that call this).
    private static Tensor CachedMelBanks(int melBins, int paddedWindowSize, int sampleRate)
    {
        var values = MelBankCache.GetOrAdd((melBins, paddedWindowSize, sampleRate), key =>
        {
            using var scope = NewDisposeScope();
            return MelBanks(key.Item1, key.Item2, key.Item3).data<float>().ToArray();
        });
        return tensor(values, [melBins, paddedWindowSize / 2]);
    }

    /// <summary>
    /// torchaudio's <c>get_mel_banks</c> without VTLN: triangles equally spaced on the mel scale 1127 ln(1 + f/700)
    /// between 20 Hz and Nyquist, evaluated at the FFT bin frequencies; (bins, paddedWindowSize / 2), float32.
    /// </summary>
    public static Tensor MelBanks(int melBins, int paddedWindowSize, int sampleRate, double lowFreq = 20.0)
    {
        using var scope = NewDisposeScope();
        var highFreq = 0.5 * sampleRate;
        var fftBinWidth = (double)sampleRate / paddedWindowSize;
        var melLow = MelScale(lowFreq);
        var melHigh = MelScale(highFreq);
        var melDelta = (melHigh - melLow) / (melBins + 1);

        var bin = arange(melBins, dtype: ScalarType.Int64).unsqueeze(1);                          // (bins, 1)
        var leftMel = bin.mul(melDelta).add(melLow);
        var centerMel = bin.add(1.0).mul(melDelta).add(melLow);
        var rightMel = bin.add(2.0).mul(melDelta).add(melLow);
        var frequencies = arange(paddedWindowSize / 2.0, dtype: ScalarType.Float32).mul(fftBinWidth);
        var mel = frequencies.div(700.0).add(1.0).log().mul(1127.0).unsqueeze(0);                 // (1, fft bins)
        var up = mel.sub(leftMel).div(centerMel.sub(leftMel));
        var down = rightMel.sub(mel).div(rightMel.sub(centerMel));
        return maximum(zeros(1), minimum(up, down)).MoveToOuterDisposeScope();
    }

    private static double MelScale(double frequency) => 1127.0 * Math.Log(1.0 + (frequency / 700.0));
}
