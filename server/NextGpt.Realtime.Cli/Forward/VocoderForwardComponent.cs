using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward vocoder</c>: a transformers SpeechT5HifiGan folder (AudioLDM's <c>vocoder/</c>) on
/// <c>spectrogram</c> ((B, frames, bins) or (frames, bins)); writes <c>waveform</c> ((B, samples) or (samples)).
/// </summary>
public sealed class VocoderForwardComponent : IForwardComponent
{
    public string Name => "vocoder";

    public string Description => "HiFi-GAN vocoder (SpeechT5HifiGan): spectrogram -> waveform.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var spectrogram = inputs.GetValueOrDefault("spectrogram") ?? throw new ArgumentException("The inputs file must hold spectrogram.");
        using var vocoder = SpeechT5HifiGan.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        return new Dictionary<string, Tensor> { ["waveform"] = vocoder.forward(spectrogram.to_type(ScalarType.Float32)) };
    }
}
