using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward imagebind-audio</c>: an ImageBind folder on normalised, padded <c>fbank_clips</c>
/// ((B, clips, 1, 128, 204), or (B, 1, 128, 204) for one clip each); writes the L2-normalised, clip-averaged
/// <c>embeddings</c> (B, out_embed_dim) without the upstream logit scale, as NExT-GPT uses them.
/// </summary>
public sealed class ImageBindAudioForwardComponent : IForwardComponent
{
    public string Name => "imagebind-audio";

    public string Description => "ImageBind audio tower: fbank_clips -> embeddings.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var clips = inputs.GetValueOrDefault("fbank_clips") ?? throw new ArgumentException("The inputs file must hold fbank_clips.");
        using var model = ImageBindModel.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        return new Dictionary<string, Tensor> { ["embeddings"] = model.EncodeAudio(clips.to_type(ScalarType.Float32)) };
    }
}
