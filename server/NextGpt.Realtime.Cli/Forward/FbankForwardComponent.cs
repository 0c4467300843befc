using NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward fbank --inputs in.safetensors --out out.safetensors</c>: the Kaldi fbank ImageBind computes per
/// audio clip, on <c>waveform</c> ((1, samples) or (samples), 16 kHz). The mean removal ImageBind's waveform2melspec does
/// first happens here; writes <c>fbank</c> (frames, 128), before the padding to 204 frames and the normalisation.
/// </summary>
public sealed class FbankForwardComponent : IForwardComponent
{
    public string Name => "fbank";

    public string Description => "Kaldi fbank as ImageBind computes it (16 kHz, 128 mel bins, 25/10 ms): waveform -> fbank (frames x 128).";

    public bool NeedsModel => false;

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var waveform = inputs.GetValueOrDefault("waveform") ?? throw new ArgumentException("The inputs file must hold waveform (1 x samples at 16 kHz).");
        if (waveform.dim() == 2 && waveform.shape[0] == 1)
        {
            waveform = waveform[0];                                                   // (1, samples) -> (samples)
        }

        if (waveform.dim() != 1)
        {
            throw new ArgumentException($"waveform must be (1, samples) or (samples); got [{string.Join(", ", waveform.shape)}].");
        }

        var samples = waveform.to_type(ScalarType.Float32);
        return new Dictionary<string, Tensor> { ["fbank"] = KaldiFbank.Compute(samples.sub(samples.mean())) };
    }
}
