using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Media.Audio;

/// <summary>
/// Band-limited resampling exactly as <c>torchaudio.functional.resample</c> (0.13) with its defaults, which ImageBind's
/// <c>data.py</c> uses to bring audio to 16 kHz: windowed-sinc interpolation with a Hann window
/// ("sinc_interpolation" = sinc_interp_hann), lowpass_filter_width 6, rolloff 0.99.
/// </summary>
/// <remarks>
/// torchaudio <c>_get_sinc_resample_kernel</c> / <c>_apply_sinc_resample_kernel</c>: with g = gcd(orig, new), one
/// polyphase filter per output phase (new/g of them), each 2 * width + orig/g taps; the input is zero-padded by width on
/// the left and width + orig/g on the right, convolved with stride orig/g, phases interleaved, and cut to
/// ceil(new * length / orig) samples. The kernel is built in the waveform's dtype (float32), as torchaudio builds it.
/// </remarks>
public static class AudioResampler
{
    public const int LowpassFilterWidth = 6;
    public const double Rolloff = 0.99;

    public static PcmAudio Resample(PcmAudio audio, int newRate)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.SampleRate == newRate)
        {
            return audio;
        }

        using var scope = NewDisposeScope();
        using var waveform = audio.ToTensor();
        return PcmAudio.FromTensor(Resample(waveform, audio.SampleRate, newRate), newRate);
    }

    /// <summary>(..., samples) float32 at <paramref name="origRate"/> -> (..., ceil(new * samples / orig)) at <paramref name="newRate"/>.</summary>
    public static Tensor Resample(Tensor waveform, int origRate, int newRate)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(origRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newRate);
        if (origRate == newRate)
        {
            return waveform.alias();
        }

        using var scope = NewDisposeScope();
        var gcd = Gcd(origRate, newRate);
        var orig = origRate / gcd;
        var target = newRate / gcd;
        var (kernel, width) = Kernel(orig, target, waveform.dtype);

        var shape = waveform.shape;
        var length = shape[^1];
        var flat = waveform.reshape(-1, length);                                               // (N, L)
        var padded = nn.functional.pad(flat, [width, width + orig]);                           // (N, L + 2w + orig)
        var phases = nn.functional.conv1d(padded.unsqueeze(1), kernel, stride: orig);          // (N, target, frames)
        var resampled = phases.transpose(1, 2).reshape(flat.shape[0], -1);                     // (N, frames * target)
        var targetLength = (long)Math.Ceiling((double)target * length / orig);
        resampled = resampled[.., ..(int)targetLength];
        long[] outShape = [.. shape[..^1], targetLength];
        return resampled.reshape(outShape).MoveToOuterDisposeScope();
    }

    /// <summary>(target, 1, 2 * width + orig) polyphase kernels and the padding width.</summary>
    private static (Tensor Kernel, int Width) Kernel(int orig, int target, ScalarType dtype)
    {
        var baseFreq = Math.Min(orig, target) * Rolloff;
        var width = (int)Math.Ceiling(LowpassFilterWidth * orig / baseFreq);
        var idx = arange(-width, width + orig, dtype: dtype).unsqueeze(0).unsqueeze(0).div(orig);     // (1, 1, 2w + orig)
        var t = arange(0, -target, -1, dtype: dtype).unsqueeze(1).unsqueeze(1).div(target).add(idx);  // (target, 1, 2w + orig)
        t = t.mul(baseFreq).clamp(-LowpassFilterWidth, LowpassFilterWidth);
        var window = t.mul(Math.PI).div(LowpassFilterWidth).div(2).cos().pow(2);   // op by op as torchaudio, for the same float32 rounding
        t = t.mul(Math.PI);
        var scale = baseFreq / orig;
        var kernels = where(t.eq(0), ones_like(t), t.sin().div(t));
        kernels = kernels.mul(window.mul(scale));
        return (kernels, width);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
