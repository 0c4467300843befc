using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>
/// One medium's preprocessed inputs with their captions. ImageBind averages the normalised embeddings of several clips (a
/// sound's three 2 s clips, a video's five clips times three crops); where clips of the world's media coincide exactly
/// (a 2 s sound gives three identical clips, a square frame three identical crops), only the distinct ones are kept, with
/// how often each occurs, so the weighted mean equals ImageBind's mean at a fraction of the cost.
/// </summary>
/// <param name="Inputs">(N, K, ...) the K distinct tower inputs of each item.</param>
/// <param name="ClipWeights">(K) how many of ImageBind's clips each distinct input stands for, summing to 1.</param>
public sealed record EncoderMediaSet(EncoderMediaKind Kind, Tensor Inputs, Tensor ClipWeights, IReadOnlyList<string> Captions,
    IReadOnlyList<IReadOnlyList<string>> Paraphrases, IReadOnlyList<IReadOnlyDictionary<string, string>> Attributes) : IDisposable
{
    public int Count => Captions.Count;

    public void Dispose()
    {
        Inputs.Dispose();
        ClipWeights.Dispose();
    }
}
