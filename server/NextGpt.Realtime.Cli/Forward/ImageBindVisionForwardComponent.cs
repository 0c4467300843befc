using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// <c>nextgpt forward imagebind-vision</c>: an ImageBind folder (config.json with ImageBindModel's argument names,
/// safetensors with its keys) on preprocessed <c>pixel_values</c> ((B, 3, 224, 224) images, or (B, clips, 3, 2, 224, 224)
/// video clips); writes the L2-normalised <c>embeddings</c> (B, out_embed_dim), clip-averaged for videos.
/// </summary>
public sealed class ImageBindVisionForwardComponent : IForwardComponent
{
    public string Name => "imagebind-vision";

    public string Description => "ImageBind vision tower: pixel_values (images or video clips) -> embeddings.";

    public IReadOnlyDictionary<string, Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var pixels = inputs.GetValueOrDefault("pixel_values") ?? throw new ArgumentException("The inputs file must hold pixel_values.");
        using var model = ImageBindModel.FromPretrained(modelDirectory);
        using var noGrad = no_grad();
        return new Dictionary<string, Tensor> { ["embeddings"] = model.EncodeVision(pixels.to_type(ScalarType.Float32)) };
    }
}
