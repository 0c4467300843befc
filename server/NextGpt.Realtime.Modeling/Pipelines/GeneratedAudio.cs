using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>The result of an audio generation (tensors owned; dispose).</summary>
public sealed class GeneratedAudio : IDisposable
{
    internal GeneratedAudio(Tensor waveforms, Tensor melSpectrogram, Tensor latents, int samplingRate)
    {
        Waveforms = waveforms;
        MelSpectrogram = melSpectrogram;
        Latents = latents;
        SamplingRate = samplingRate;
    }

    /// <summary>(B, samples) float32 on the CPU, cut to the requested length.</summary>
    public Tensor Waveforms { get; }

    /// <summary>(B, 1, frames, mel_bins) the VAE's output.</summary>
    public Tensor MelSpectrogram { get; }

    /// <summary>(B, C, frames / f, mel_bins / f) final latents.</summary>
    public Tensor Latents { get; }

    public int SamplingRate { get; }

    public void Dispose()
    {
        Waveforms.Dispose();
        MelSpectrogram.Dispose();
        Latents.Dispose();
    }
}
