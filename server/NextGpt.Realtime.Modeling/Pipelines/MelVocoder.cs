using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// What the audio pipeline needs from a vocoder (AudioLDM uses SpeechT5HifiGan, written separately): its output rate,
/// how many waveform samples one mel frame becomes (the product of its upsample rates, 160 for AudioLDM), its number of
/// mel bins (64), and the mapping itself.
/// </summary>
/// <param name="Vocode">(B, frames, mel_bins) log-mel spectrogram to (B, samples) waveform.</param>
public sealed record MelVocoder(int SamplingRate, int HopLength, int MelBins, Func<Tensor, Tensor> Vocode)
{
    /// <summary>Seconds per mel frame: prod(upsample_rates) / sampling_rate (diffusers' vocoder_upsample_factor).</summary>
    public double SecondsPerFrame => (double)HopLength / SamplingRate;

    /// <summary>Opens a chunked vocoding stream whose concatenated output equals <see cref="Vocode"/> (up to float
    /// rounding), for delivering audio in pieces; null when the vocoder has none.</summary>
    public Func<VocoderStream>? OpenStream { get; init; }

    /// <summary>AudioLDM's own vocoder (its <c>vocoder/</c> folder): rate and mel bins from its config, hop = the product
    /// of its upsample rates.</summary>
    public static MelVocoder FromHifiGan(SpeechT5HifiGan vocoder) =>
        new(vocoder.Config.SamplingRate, vocoder.Config.UpsampleRates.Aggregate(1, (a, b) => a * b), vocoder.Config.ModelInDim, vocoder.forward)
        {
            OpenStream = () => new VocoderStream(vocoder),
        };
}
