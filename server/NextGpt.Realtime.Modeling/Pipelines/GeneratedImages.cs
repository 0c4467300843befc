using static TorchSharp.torch;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>The result of an image generation: 8-bit images plus the tensors they came from (owned; dispose).</summary>
public sealed class GeneratedImages : IDisposable
{
    internal GeneratedImages(IReadOnlyList<RgbImage> images, Tensor pixels, Tensor latents)
    {
        Images = images;
        Pixels = pixels;
        Latents = latents;
    }

    /// <summary>One image per batch row.</summary>
    public IReadOnlyList<RgbImage> Images { get; }

    /// <summary>(B, 3, H, W) float32 on the CPU in [0, 1] (diffusers' <c>output_type="pt"</c>).</summary>
    public Tensor Pixels { get; }

    /// <summary>(B, C, H / f, W / f) final latents, scaled as the UNet sees them.</summary>
    public Tensor Latents { get; }

    public void Dispose()
    {
        Pixels.Dispose();
        Latents.Dispose();
    }
}
